// What a failed API call becomes in the pages: one error type carrying the RFC 9457 problem.
export interface ProblemField {
  path: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string | undefined,
    readonly fields: ProblemField[] = [],
  ) {
    super(detail ? `${title}: ${detail}` : title);
    this.name = 'ApiError';
  }

  /** A network failure or a 5xx: worth a retry. */
  get retryable(): boolean {
    return this.status === 0 || this.status >= 500;
  }
}

function asProblem(error: unknown): {
  title?: string;
  detail?: string;
  errors?: ProblemField[];
} {
  return typeof error === 'object' && error !== null ? (error as never) : {};
}

/**
 * Unwraps an openapi-fetch result: the data on success, an ApiError otherwise.
 * `{ data, error, response }` is what every generated client call resolves to.
 */
export async function unwrap<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await call;
  } catch (cause) {
    throw new ApiError(0, '网络异常', cause instanceof Error ? cause.message : String(cause));
  }
  if (result.response.ok) return result.data as T;
  const problem = asProblem(result.error);
  throw new ApiError(
    result.response.status,
    problem.title ?? `HTTP ${result.response.status}`,
    problem.detail,
    problem.errors ?? [],
  );
}

/** The Chinese sentence a page shows for an error. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 0) return '网络连接失败，请检查网络后重试';
    if (error.status === 401) return '登录已过期，请重新登录';
    if (error.status === 403) return '没有权限执行此操作';
    if (error.status === 404) return '内容不存在或已下线';
    if (error.status === 409) return error.detail ?? '操作冲突，请刷新后重试';
    // an Idempotency-Key sent again with other content: the first request already went through
    if (error.status === 422 && error.fields.some((f) => f.path === 'Idempotency-Key'))
      return '该操作已用不同内容提交过，请刷新后查看结果';
    if (error.status >= 500) return '服务暂时不可用，请稍后重试';
    return error.detail ?? error.title;
  }
  return '出错了，请重试';
}
