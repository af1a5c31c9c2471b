/** wasi:http/types: one import object assembled from the modules beside this one. */
export { FutureTrailers, IncomingBody, OutgoingBody } from './bodies.ts';
export { httpErrorCode } from './error-code.ts';
export { Fields } from './fields.ts';
export { FutureIncomingResponse, IncomingResponse } from './incoming-response.ts';
export { OutgoingRequest, RequestOptions } from './outgoing-request.ts';
export { IncomingRequest } from './incoming-request.ts';
export { OutgoingResponse, ResponseOutparam } from './outgoing-response.ts';
