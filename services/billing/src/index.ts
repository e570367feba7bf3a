export { type BillingAppDeps, createBillingApp } from './app.ts';
export { type BillingConfig, billingConfigFields } from './config.ts';
export { BILLING_CHANGES_CHANNEL, type BillingDeps } from './context.ts';
export { type DemoInvoicesOptions, seedDemoInvoices } from './demo.ts';
export { type BillingOptions, billingFunction, billingOptionsFromConfig, buildBilling } from './function.ts';
export { type Seller, sellerFromConfig } from './invoices/seller.ts';
export { reconcileOnce, startReconciler } from './payments/reconcile.ts';
export { providersFromConfig } from './providers/from-config.ts';
