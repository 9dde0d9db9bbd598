/**
 * DID rotation (spec §5.3): the rotation vectors (a valid `from_prior` in authcrypt, SICPA's rotated
 * messages, and the invalid JWTs of PITFALLS 23 in the strict profile).
 * @module
 */
import { declareVectorCases } from '../_support/vector-runner.js';

declareVectorCases('from-prior');
