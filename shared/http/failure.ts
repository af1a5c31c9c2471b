/**
 * Why a fetch failed, as a wasi:http error-code. The browser says only "Failed to fetch".
 */
import type { HeadAnswer } from './wire.ts';
import { messageOf } from '../message.ts';
import { internalFailure } from './error-code.ts';

function isAddressLiteral(hostname: string): boolean {
  return /^\d+\.\d+\.\d+\.\d+$/.test(hostname) || hostname.startsWith('[') || hostname === 'localhost';
}

/**
 * A failed fetch says only "Failed to fetch": the browser hides whether the connection was
 * refused, the name did not resolve, or CORS refused the answer. A second request without CORS
 * tells a server that answered from one that did not; the rest is guessed from the host.
 */
export async function classify(error: unknown, url: string): Promise<HeadAnswer> {
  const reason = messageOf(error);
  if (!(error instanceof TypeError)) return internalFailure(reason);
  const answered = await fetch(url, { mode: 'no-cors', cache: 'no-store', signal: AbortSignal.timeout(3000) }).then(
    () => true,
    () => false,
  );
  const hidden = 'the browser does not say why a fetch failed';
  let answer: HeadAnswer;
  if (answered) {
    answer = {
      error: { tag: 'HTTP-request-denied' },
      message: `${url}: the server answered, but the browser refused the response by CORS: the server must send Access-Control-Allow-Origin for this page (and answer the preflight)`,
    };
  } else if (isAddressLiteral(new URL(url).hostname)) {
    answer = { error: { tag: 'connection-refused' }, message: `${url}: connection refused or unreachable (${hidden})` };
  } else {
    answer = {
      error: { tag: 'DNS-error', val: { rcode: 'address not available', infoCode: 0 } },
      message: `${url}: the host did not resolve or could not be reached (${hidden}: DNS failure and refused connection look alike)`,
    };
  }
  console.warn(`wasi-browser: HTTP request failed: ${answer.message}`);
  return answer;
}
