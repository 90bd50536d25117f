// The weapp runtime lacks Request / Response / Headers / FormData, which openapi-fetch (behind
// @shuangchuang/contracts' clients) constructs and checks with instanceof. whatwg-fetch provides
// the first three; FormData only needs to exist for openapi-fetch's `instanceof FormData` checks
// (our APIs send JSON only).
import { Headers, Request, Response } from 'whatwg-fetch';

const scope = globalThis as Record<string, unknown>;
if (typeof scope.Headers === 'undefined') scope.Headers = Headers;
if (typeof scope.Request === 'undefined') scope.Request = Request;
if (typeof scope.Response === 'undefined') scope.Response = Response;
if (typeof scope.FormData === 'undefined') scope.FormData = class FormData {};

export {};
