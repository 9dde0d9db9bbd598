/** Smoke test of the sicpa-didcomm-node adapter (see src/adapter/third-party-smoke.test-support.ts). */
import { describeAdapterSmoke } from '../../src/adapter/third-party-smoke.test-support.js';

describeAdapterSmoke('sicpa-didcomm-node');
