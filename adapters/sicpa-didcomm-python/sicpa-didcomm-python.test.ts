/** Smoke test of the sicpa-didcomm-python adapter (see src/adapter/third-party-smoke.test-support.ts). */
import { describeAdapterSmoke } from '../../src/adapter/third-party-smoke.test-support.js';

describeAdapterSmoke('sicpa-didcomm-python');
