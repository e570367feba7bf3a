import { passwordProblem } from '@coppertone/auth';
import { EMAIL_MAX, NAME_MAX, PASSWORD_MAX } from '@coppertone/contracts';
import { z } from '@hono/zod-openapi';

export const emailField = z
  .string({ error: 'E-mail is required' })
  .trim()
  .max(EMAIL_MAX, `E-mail must be at most ${EMAIL_MAX} characters`)
  .pipe(z.email('E-mail must be a valid address'));

export const nameField = z
  .string({ error: 'Name is required' })
  .trim()
  .min(1, 'Name is required')
  .max(NAME_MAX, `Name must be at most ${NAME_MAX} characters`);

/** A password being typed to sign in: bounded (hashing is costly), otherwise anything. */
export const existingPassword = z
  .string({ error: 'Password is required' })
  .min(1, 'Password is required')
  .max(PASSWORD_MAX, `Password must be at most ${PASSWORD_MAX} characters`);

/** A new password: strength rules apply, checked against the user's own name and e-mail. */
export function newPasswordIssue(
  ctx: z.RefinementCtx,
  field: string,
  password: string,
  who: { email?: string; name?: string },
) {
  const problem = passwordProblem(password, who);
  if (problem) ctx.addIssue({ code: 'custom', path: [field], message: problem });
}

export const tokenField = z
  .string({ error: 'Token is required' })
  .min(1, 'Token is required')
  .max(200, 'Token is invalid');

export const registerInput = z
  .object({
    name: nameField,
    /** With an invitation, the invitation's address is used whatever is sent here. */
    email: emailField,
    password: existingPassword,
    inviteToken: tokenField.optional(),
  })
  .superRefine((v, ctx) => newPasswordIssue(ctx, 'password', v.password, v))
  .openapi('RegisterInput');

export const confirmInput = z.object({ token: tokenField }).openapi('ConfirmInput');
export const emailOnlyInput = z.object({ email: emailField }).openapi('EmailInput');
export const updateMeInput = z.object({ name: nameField }).openapi('UpdateMeInput');

export const userSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: z.enum(['client', 'staff', 'admin']),
    companyId: z.string().nullable(),
    companyName: z.string().nullable(),
  })
  .openapi('User');
export const userResponse = z.object({ user: userSchema }).openapi('UserResponse');
export const acceptedResponse = z.object({ status: z.string() }).openapi('Accepted');
