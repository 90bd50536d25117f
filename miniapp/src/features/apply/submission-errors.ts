// What a refused submission says, in Chinese: the service's problem titles and details are
// written for developers (English), so the page never shows them as they are.
import { ApiError, errorMessage } from '../../services/problem';
import { fieldOfPath, type FieldErrors, type FieldName } from './form';

const FIELD_MESSAGES: Partial<Record<FieldName, string>> = {
  applicantName: '请填写联系人姓名',
  mobile: '请填写正确的中国大陆手机号',
  email: '请填写正确的邮箱地址',
  companyName: '请填写企业名称',
  creditCode: '统一社会信用代码有误',
  foundedOn: '请核对企业成立日期',
  projectName: '请填写项目名称',
  projectSummary: '请填写项目简介',
  industry: '请选择所属领域',
  stage: '请选择项目阶段',
  spaceSquareMeters: '面积请填写0到100000之间的数字',
  consent: '提交前请阅读并同意个人信息处理规则',
};

/** Field errors of a 400/422 answer, in the form's words. */
export function fieldErrorsOf(error: unknown): FieldErrors {
  if (!(error instanceof ApiError)) return {};
  const mapped: FieldErrors = {};
  for (const field of error.fields) {
    const name = fieldOfPath(field.path);
    if (name) mapped[name] = FIELD_MESSAGES[name] ?? '请检查此项';
  }
  return mapped;
}

/** The sentence for a failed save or submission. */
export function submissionMessage(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 422 && error.fields.some((f) => f.path === 'Idempotency-Key'))
      return '这份申请已经提交过，请在“我的申请”中查看';
    if (error.status === 400 || error.status === 422) {
      return Object.keys(fieldErrorsOf(error)).length
        ? '还有内容需要补充或更正，请查看标红的项目'
        : '提交的内容不完整，请检查后重试';
    }
    if (error.status === 409) {
      const detail = error.detail ?? '';
      if (error.fields.some((f) => f.path === 'carrierId'))
        return '该载体已暂停受理入孵申请，申请未提交';
      if (/still being processed/i.test(detail)) return '申请正在提交中，请稍候';
      if (/already has an open application/i.test(detail))
        return '您已向该载体提交过申请，请在“我的申请”中查看进度';
      return '申请状态已变化，请在“我的申请”中查看最新进度';
    }
    if (error.status === 412) return '申请已在别处修改，请刷新后重试';
  }
  return errorMessage(error);
}
