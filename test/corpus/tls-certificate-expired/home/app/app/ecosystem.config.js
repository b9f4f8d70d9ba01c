module.exports = {
  apps: [
    {
      name: 'checkout',
      script: 'server.js',
      env: {
        NODE_ENV: 'production',
        PORT: 37681,
        PAYMENTS_URL: 'https://payments.internal:37679',
        PAYMENTS_HOST: '127.0.0.1',
        PAYMENTS_CA: '/tmp/faultline-lab-tls-certificate-expired-QtNaFC/pki/ca.pem',
      },
    },
  ],
};
