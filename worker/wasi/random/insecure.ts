/** wasi:random/insecure: the same source as wasi:random/random; nothing is gained by a weaker one. */
import { getRandomBytes, getRandomU64 } from './random.ts';

export const getInsecureRandomBytes = getRandomBytes;
export const getInsecureRandomU64 = getRandomU64;
