import { contactConfigFields } from '@coppertone/contact';

/** The worker needs the settings of every job it runs. */
export const workerConfigFields = { ...contactConfigFields };
