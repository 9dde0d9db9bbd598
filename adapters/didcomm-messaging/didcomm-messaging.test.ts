/** Smoke test of the didcomm-messaging adapter (see src/adapter/third-party-smoke.test-support.ts). */
import { describeAdapterSmoke } from '../../src/adapter/third-party-smoke.test-support.js';

describeAdapterSmoke('didcomm-messaging');
