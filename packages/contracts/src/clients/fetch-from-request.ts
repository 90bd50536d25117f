// Turns a Taro.request / wx.request shaped function into a fetch, so the mini-program uses the
// same generated clients as Node. Needs Request, Response and Headers (native in H5; a polyfill
// such as whatwg-fetch's classes in the weapp runtime).

export interface RequestFunctionOptions {
  url: string;
  method: string;
  header: Record<string, string>;
  /** The body as text (JSON for our APIs); absent for GET / HEAD. */
  data?: string;
  responseType: 'text';
  /** Anything but 'json' stops Taro from parsing the body, so the Response gets the raw text. */
  dataType: 'text';
}

export interface RequestFunctionResult {
  statusCode: number;
  header: Record<string, string | string[] | undefined>;
  /** Raw text as asked; a runtime that parses JSON anyway hands back an object. */
  data: unknown;
}

export type RequestFunction = (options: RequestFunctionOptions) => Promise<RequestFunctionResult>;

const bodilessStatuses = new Set([101, 204, 205, 304]);

function responseText(data: unknown): string {
  if (data === undefined || data === null) return '';
  if (typeof data === 'string') return data;
  if (data instanceof ArrayBuffer) return new TextDecoder().decode(data);
  return JSON.stringify(data);
}

export function fetchFromRequest(request: RequestFunction): (input: Request) => Promise<Response> {
  return async (input) => {
    const header: Record<string, string> = {};
    input.headers.forEach((value, name) => {
      header[name] = value;
    });
    const hasBody = input.method !== 'GET' && input.method !== 'HEAD';
    const text = hasBody ? await input.text() : '';
    const result = await request({
      url: input.url,
      method: input.method,
      header,
      ...(text ? { data: text } : {}),
      responseType: 'text',
      dataType: 'text',
    });
    const headers = new Headers();
    for (const [name, value] of Object.entries(result.header ?? {})) {
      for (const item of [value ?? []].flat()) headers.append(name, item);
    }
    const body = bodilessStatuses.has(result.statusCode) ? null : responseText(result.data);
    return new Response(body, { status: result.statusCode, headers });
  };
}
