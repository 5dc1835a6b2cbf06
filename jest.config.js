// Two tiers: `unit` (no I/O, fakes allowed) and `integration` (the real local stack).
const preset = require('./jest.preset');

module.exports = {
  projects: [
    {
      ...preset,
      displayName: 'unit',
      testMatch: ['<rootDir>/{libs,services,scripts}/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
    },
    {
      ...preset,
      displayName: 'integration',
      testMatch: ['<rootDir>/{libs,services}/**/*.int-spec.ts', '<rootDir>/test/**/*.int-spec.ts'],
      setupFilesAfterEnv: ['<rootDir>/jest.integration-setup.js'],
    },
  ],
};
