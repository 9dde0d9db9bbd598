/** Smoke test of the identus adapter (see src/adapter/third-party-smoke.test-support.ts). */
import { describeAdapterSmoke } from '../../src/adapter/third-party-smoke.test-support.js';

describeAdapterSmoke('identus');
