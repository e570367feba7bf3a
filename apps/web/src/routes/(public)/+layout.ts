// Every public page is static HTML. Only pages that need JavaScript (the contact form) opt back
// in to client-side rendering, which keeps the others at zero bytes of JS.
export const prerender = true;
export const csr = false;
export const trailingSlash = 'never';
