// compose/prod.yaml's required settings, with values that are not real: what an environment's
// settings file holds (COPPERTONE_TAG aside, which a release sets). Both compose tests start from it.
export const PROD_REQUIRED_SETTINGS: Readonly<Record<string, string>> = {
  COPPERTONE_TAG: 'abc123',
  PUBLIC_URL: 'https://coppertone.example',
  DOMAIN: 'coppertone.example',
  POSTGRES_PASSWORD: 'not-a-real-password',
  SMTP_URL: 'smtp://mail.example:587',
  CONTACT_NOTIFY_EMAIL: 'staff@coppertone.example',
  TLS_CERT_DIR: '/opt/coppertone/tls',
  STRIPE_SECRET_KEY: 'sk_live_not_real',
  STRIPE_WEBHOOK_SECRET: 'whsec_not_real',
  BTCPAY_URL: 'https://btcpay.coppertone.example',
  BTCPAY_API_KEY: 'not-real',
  BTCPAY_STORE_ID: 'not-real',
  BTCPAY_WEBHOOK_SECRET: 'not-real',
};
