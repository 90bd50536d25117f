import { Button, Checkbox, Input, Switch, Text, Textarea, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { LoginPrompt } from '../../components/LoginPrompt';
import {
  emptyForm,
  fieldOfPath,
  firstInvalidStep,
  POLICY_VERSION,
  stageLabels,
  steps,
  validateAll,
  validateStep,
  type ApplyForm,
  type FieldErrors,
  type FieldName,
  type ProjectStage,
} from '../../features/apply/form';
import {
  clearDraft,
  loadDraft,
  newKey,
  recordSubscribeChoices,
  saveDraft,
  saveServerDraft,
  submitDraft,
  subscribeTemplateIds,
  type ApplyDraft,
} from '../../features/apply/submission';
import { entries } from '../../features/labels';
import { useSession } from '../../features/session';
import { api, storage } from '../../services/api';
import { ApiError, errorMessage } from '../../services/problem';

const stages = entries(stageLabels);

function freshDraft(carrierId: string): ApplyDraft {
  return { form: emptyForm(carrierId), step: 0, createKey: newKey(), submitKey: newKey() };
}

export default function ApplyPage() {
  const carrierId = useRouter().params.carrierId ?? '';
  const { session, signIn } = useSession();
  const [draft, setDraft] = useState<ApplyDraft>(
    () => loadDraft(storage, carrierId) ?? freshDraft(carrierId),
  );
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const [templateIds, setTemplateIds] = useState<string[]>([]);
  const { form, step } = draft;

  useEffect(() => {
    if (process.env.TARO_ENV === 'weapp')
      void subscribeTemplateIds(api.notification).then(setTemplateIds);
  }, []);

  function change(next: ApplyDraft) {
    setDraft(next);
    saveDraft(storage, next);
  }
  const set = <K extends FieldName>(field: K, value: ApplyForm[K]) => {
    change({ ...draft, form: { ...form, [field]: value } });
    if (errors[field]) setErrors({ ...errors, [field]: undefined });
  };

  function next() {
    const stepErrors = validateStep(form, step);
    setErrors(stepErrors);
    if (Object.keys(stepErrors).length === 0) change({ ...draft, step: step + 1 });
  }

  async function saveOnServer() {
    if (!session && !(await signIn())) return;
    setBusy(true);
    try {
      change(await saveServerDraft(api.intake, draft));
      void Taro.showToast({ title: '草稿已保存', icon: 'success' });
    } catch (error) {
      showServerError(error);
    } finally {
      setBusy(false);
    }
  }

  function showServerError(error: unknown) {
    if (error instanceof ApiError && error.fields.length) {
      const mapped: FieldErrors = {};
      for (const field of error.fields) {
        const name = fieldOfPath(field.path);
        if (name) mapped[name] = field.message;
      }
      setErrors(mapped);
      const firstStep = steps.findIndex((s) => s.fields.some((f) => mapped[f]));
      if (firstStep >= 0) change({ ...draft, step: firstStep });
    }
    void Taro.showToast({ title: errorMessage(error), icon: 'none' });
  }

  async function submit() {
    // WeChat only lets a tap ask for subscribe-message permission: ask before anything else.
    const subscribeAnswer =
      process.env.TARO_ENV === 'weapp' && templateIds.length
        ? Taro.requestSubscribeMessage({ tmplIds: templateIds, entityIds: [] } as never).catch(
            () => ({}),
          )
        : Promise.resolve({});
    const allErrors = validateAll(form);
    if (Object.keys(allErrors).length) {
      setErrors(allErrors);
      change({ ...draft, step: firstInvalidStep(form) });
      return;
    }
    if (!session && !(await signIn())) return;
    setBusy(true);
    try {
      const answer = (await subscribeAnswer) as Record<string, string>;
      void recordSubscribeChoices(api.notification, templateIds, answer, draft.submitKey);
      await submitDraft(api.intake, draft);
      clearDraft(storage, carrierId);
      void Taro.showToast({ title: '申请已提交', icon: 'success' });
      void Taro.switchTab({ url: '/pages/applications/index' });
    } catch (error) {
      showServerError(error);
    } finally {
      setBusy(false);
    }
  }

  if (!carrierId) {
    return (
      <View className="page">
        <View className="state state-empty">
          <Text>请先在“发现”中选择要申请的载体</Text>
        </View>
      </View>
    );
  }

  const error = (field: FieldName) =>
    errors[field] ? <Text className="field-error">{errors[field]}</Text> : null;
  const textField = (field: FieldName, label: string, props: Record<string, unknown> = {}) => (
    <View className="field">
      <Text className="label">{label}</Text>
      <Input
        className={`input input-${field}`}
        value={String(form[field] ?? '')}
        onInput={(event) => set(field, event.detail.value as never)}
        {...props}
      />
      {error(field)}
    </View>
  );
  const toggleField = (field: FieldName, label: string) => (
    <View className="row between field">
      <Text>{label}</Text>
      <Switch
        checked={Boolean(form[field])}
        onChange={(e) => set(field, e.detail.value as never)}
      />
    </View>
  );

  return (
    <View className="page apply">
      <View className="steps row">
        {steps.map((s, index) => (
          <Text key={s.key} className={index === step ? 'step step-on' : 'step'}>
            {index + 1}. {s.title}
          </Text>
        ))}
      </View>
      <View className="card">
        {steps[step]?.key === 'applicant' ? (
          <View>
            {textField('applicantName', '联系人姓名', { maxlength: 100, placeholder: '真实姓名' })}
            {textField('mobile', '手机号', {
              type: 'number',
              maxlength: 20,
              placeholder: '11位手机号',
            })}
            {textField('email', '邮箱', { maxlength: 254, placeholder: 'name@example.com' })}
          </View>
        ) : null}
        {steps[step]?.key === 'project' ? (
          <View>
            {textField('companyName', '企业名称（已注册时填写）', { maxlength: 100 })}
            {textField('creditCode', '统一社会信用代码（选填）', { maxlength: 18 })}
            {textField('projectName', '项目名称', { maxlength: 100 })}
            <View className="field">
              <Text className="label">项目简介</Text>
              <Textarea
                className="textarea input-projectSummary"
                value={form.projectSummary}
                maxlength={5000}
                onInput={(event) => set('projectSummary', event.detail.value)}
              />
              {error('projectSummary')}
            </View>
            {textField('industry', '所属行业', { maxlength: 100, placeholder: '如：智能制造' })}
            <View className="field">
              <Text className="label">项目阶段</Text>
              <View className="chips stages">
                {stages.map((stage) => (
                  <Text
                    key={stage.value}
                    className={form.stage === stage.value ? 'chip chip-on' : 'chip'}
                    onClick={() => set('stage', stage.value as ProjectStage)}
                  >
                    {stage.label}
                  </Text>
                ))}
              </View>
              {error('stage')}
            </View>
          </View>
        ) : null}
        {steps[step]?.key === 'needs' ? (
          <View>
            {textField('spaceSquareMeters', '需要场地面积（平方米，选填）', { type: 'digit' })}
            {toggleField('mentoring', '创业导师辅导')}
            {toggleField('financing', '投融资对接')}
            {toggleField('training', '培训')}
            {toggleField('sharedInstruments', '大仪共享')}
            {toggleField('policyHelp', '政策申报协助')}
          </View>
        ) : null}
        {steps[step]?.key === 'consent' ? (
          <View>
            <Text className="consent-text">
              为办理入孵申请，我们将向所选载体提供您填写的联系人姓名、手机号、邮箱及项目信息，
              仅用于入孵审核与联系。您可随时在“我的”中导出或删除个人数据。（个人信息处理规则版本
              {POLICY_VERSION}）
            </Text>
            <View className="row consent" onClick={() => set('consent', !form.consent)}>
              <Checkbox value="consent" checked={form.consent} />
              <Text>我已阅读并同意个人信息处理规则</Text>
            </View>
            {error('consent')}
          </View>
        ) : null}
      </View>
      <View className="row actions">
        {step > 0 ? (
          <Button
            className="btn prev"
            size="mini"
            onClick={() => change({ ...draft, step: step - 1 })}
          >
            上一步
          </Button>
        ) : null}
        <Button className="btn save-draft" size="mini" loading={busy} onClick={saveOnServer}>
          保存草稿
        </Button>
        {step < steps.length - 1 ? (
          <Button className="btn btn-primary next" size="mini" onClick={next}>
            下一步
          </Button>
        ) : (
          <Button className="btn btn-primary submit" size="mini" loading={busy} onClick={submit}>
            提交申请
          </Button>
        )}
      </View>
      {!session ? <LoginPrompt text="提交申请前需要登录" onLogin={signIn} /> : null}
    </View>
  );
}
