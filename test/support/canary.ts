/**
 * The canary secrets: distinctive fake secret values that every test sending secret data sends, so that
 * test/canary/leak-scan.test.ts can prove that none of them ever reaches a log line, an error message, a
 * metric, a response or an artifact of the whole suite (docs/reliability.md#secrets).
 *
 * Letters and digits only: JSON, URL and header encodings leave them unchanged, so a plain search finds them.
 */
import { DEMO_ACCOUNT_SECRETS } from "../../src/replay/demo-keys.js";

/** An `aws_secret_access_key` of the AWS shape (40 characters). */
export const CANARY_SECRET_ACCESS_KEY = "CanarySecretKeyQx7Zr2Vt9Mw4Lp8Nd3Hs6Jb1T";

/**
 * An `aws_session_token`. The replay does not check the session token of a fixture user's long-term keys,
 * so the demo's keys carry it on every AWS call (signed, in `x-amz-security-token`) without changing an answer.
 */
export const CANARY_SESSION_TOKEN = "CanarySessionTokenFq8Wn3Rk6Yc2Tz9Pm5Xv1Gd4Sb7Hj0Lw2";

/** Every canary value. */
export const CANARIES: readonly string[] = [CANARY_SECRET_ACCESS_KEY, CANARY_SESSION_TOKEN];

/** The demo's account 111111111111 keys as the README writes them (its examples run literally, without a canary). */
export const README_DEMO_SECRET = DEMO_ACCOUNT_SECRETS["111111111111"];

/** The demo's keys plus the canary session token (accepted by the replay, see above): what tests send. */
export const DEMO_SECRET = { ...README_DEMO_SECRET, aws_session_token: CANARY_SESSION_TOKEN };

/** Keys no fixture set knows, with the canary as their secret: AWS (or the replay) rejects them. */
export const CANARY_SECRET = {
  aws_access_key_id: "AKIACANARY0000000001",
  aws_secret_access_key: CANARY_SECRET_ACCESS_KEY,
  aws_session_token: CANARY_SESSION_TOKEN,
};
