import { Checkbox, Input, Picker, Switch, Text, Textarea, View } from '@tarojs/components';
import { Button } from '../../components/Button';
import Taro, { useRouter } from '@tarojs/taro';
import { useEffect, useRef, useState } from 'react';
import { Field } from '../../components/FieldLabel';
import { LoginBanner } from '../../components/LoginPrompt';
import { NavBar } from '../../components/NavBar';
import { attrs, labelled, nativeLabel, pressable } from '../../components/a11y';
import type { Carrier } from '../../features/carrier/profile';
import {
  entryRules,
  loadIntakePolicy,
  POLICY_SOURCE,
  type IntakePolicy,
} from '../../features/carrier/rules';
import {
  emptyForm,
  firstInvalidStep,
  isRequired,
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
  askPrecheck,
  mayContinue,
  OTHER_FIELD,
  precheckFailed,
  precheckInput,
  verdictOf,
  type PrecheckResult,
  type Verdict,
} from '../../features/apply/precheck';
import { fieldErrorsOf, submissionMessage } from '../../features/apply/submission-errors';
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
import { unwrap } from '../../services/problem';

const stages = entries(stageLabels);
const today = () => new Date().toISOString().slice(0, 10);

function freshDraft(carrierId: string): ApplyDraft {
  return { form: emptyForm(carrierId), step: 0, createKey: newKey(), submitKey: newKey() };
}

/** A draft saved before the conditions step existed starts again at that step. */
function restored(carrierId: string): ApplyDraft {
  const draft = loadDraft(storage, carrierId);
  if (!draft) return freshDraft(carrierId);
  return { ...draft, form: { ...emptyForm(carrierId), ...draft.form } };
}

export default function ApplyPage() {
  const carrierId = useRouter().params.carrierId ?? '';
  const { session, signIn } = useSession();
  const [draft, setDraft] = useState<ApplyDraft>(() => restored(carrierId));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const [submitError, setSubmitError] = useState<string | null>(null);
  const [templateIds, setTemplateIds] = useState<string[]>([]);
  const [carrier, setCarrier] = useState<Carrier | null>(null);
  const [policy, setPolicy] = useState<IntakePolicy | null>(null);
  const [precheck, setPrecheck] = useState<PrecheckResult | null>(null);
  const [precheckState, setPrecheckState] = useState<'idle' | 'checking' | 'error'>('idle');
  const [precheckError, setPrecheckError] = useState<Verdict | null>(null);
  // a second tap while the first is still sending does nothing (state updates come too late)
  const pending = useRef(false);
  const { form, step } = draft;

  useEffect(() => {
    if (process.env.TARO_ENV === 'weapp')
      void subscribeTemplateIds(api.notification).then(setTemplateIds);
    if (!carrierId) return;
    void unwrap(api.registry.GET('/carriers/{carrierId}', { params: { path: { carrierId } } }))
      .then(setCarrier)
      .catch(() => setCarrier(null));
    void loadIntakePolicy(api.intake, carrierId).then(setPolicy);
  }, [carrierId]);

  // The pre-check answers live as the conditions change (it needs a founder's token).
  const input = precheckInput(form);
  const inputKey = JSON.stringify(input);
  useEffect(() => {
    setPrecheck(null);
    setPrecheckError(null);
    if (!input || !session) {
      setPrecheckState('idle');
      return;
    }
    setPrecheckState('checking');
    let current = true;
    const timer = setTimeout(() => {
      askPrecheck(api.intake, input)
        .then((result) => {
          if (!current) return;
          setPrecheck(result);
          setPrecheckState('idle');
        })
        .catch((error: unknown) => {
          if (!current) return;
          setPrecheckError(precheckFailed(error));
          setPrecheckState('error');
        });
    }, 250);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [inputKey, Boolean(session)]);

  const facts = {
    accepting: carrier ? carrier.intake.accepting && carrier.status === 'active' : true,
    focusIndustries: carrier?.focusIndustries ?? [],
  };
  const verdict: Verdict =
    precheckError ??
    (precheckState === 'checking'
      ? { status: 'checking', lines: ['正在检查入孵条件…'] }
      : verdictOf(precheck, facts, form));
  const conditionsPassed = mayContinue(verdict) && Boolean(precheck);

  function change(next: ApplyDraft) {
    setDraft(next);
    saveDraft(storage, next);
  }
  const set = <K extends FieldName>(field: K, value: ApplyForm[K]) => {
    const patch: Partial<ApplyForm> = { [field]: value };
    if (field === 'consent') patch.consentAt = value ? new Date().toISOString() : undefined;
    change({ ...draft, form: { ...form, ...patch } });
    if (errors[field]) setErrors({ ...errors, [field]: undefined });
    setSubmitError(null);
  };

  function next() {
    const stepErrors = validateStep(form, step);
    setErrors(stepErrors);
    if (Object.keys(stepErrors).length) return;
    if (steps[step]?.key === 'conditions' && !conditionsPassed) return;
    change({ ...draft, step: step + 1 });
  }

  function showServerError(error: unknown) {
    const mapped = fieldErrorsOf(error);
    if (Object.keys(mapped).length) {
      setErrors(mapped);
      const firstStep = steps.findIndex((s) => s.fields.some((f) => mapped[f]));
      if (firstStep >= 0) change({ ...draft, step: firstStep });
    }
    const message = submissionMessage(error);
    setSubmitError(message);
    void Taro.showToast({ title: message, icon: 'none' });
  }

  async function saveOnServer() {
    if (pending.current) return;
    if (!session && !(await signIn())) return;
    pending.current = true;
    setBusy(true);
    try {
      change(await saveServerDraft(api.intake, draft));
      void Taro.showToast({ title: '草稿已保存', icon: 'success' });
    } catch (error) {
      showServerError(error);
    } finally {
      pending.current = false;
      setBusy(false);
    }
  }

  async function submit() {
    if (pending.current) return;
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
    pending.current = true;
    setBusy(true);
    setSubmitError(null);
    try {
      if (!session && !(await signIn())) return;
      const answer = (await subscribeAnswer) as Record<string, string>;
      void recordSubscribeChoices(api.notification, templateIds, answer, draft.submitKey);
      await submitDraft(api.intake, draft);
      clearDraft(storage, carrierId);
      void Taro.showToast({ title: '申请已提交', icon: 'success' });
      void Taro.switchTab({ url: '/pages/applications/index' });
    } catch (error) {
      showServerError(error);
    } finally {
      pending.current = false;
      setBusy(false);
    }
  }

  if (!carrierId) {
    return (
      <View className="page page-with-nav">
        <NavBar title="申请入孵" />
        <View className="state state-empty">
          <Text>请先在“发现”中选择要申请的载体</Text>
        </View>
      </View>
    );
  }

  const invalid = (field: FieldName) => Boolean(errors[field]);
  const textField = (
    field: FieldName,
    label: string,
    props: { maxlength?: number; placeholder?: string; type?: 'text' | 'number' | 'digit' } = {},
    hint?: string,
  ) => (
    <Field label={label} required={isRequired(form, field)} error={errors[field]} hint={hint}>
      <Input
        className={`input input-${field}`}
        value={String(form[field] ?? '')}
        onInput={(event) => set(field, event.detail.value as never)}
        nativeProps={nativeLabel(label, isRequired(form, field), invalid(field))}
        {...props}
      />
    </Field>
  );
  const toggleField = (field: FieldName, label: string) => (
    <View className="toggle-row">
      <Text aria-hidden="true">{label}</Text>
      <Switch
        className={`switch-${field}`}
        checked={Boolean(form[field])}
        nativeProps={{ 'aria-label': label }}
        onChange={(e) => set(field, e.detail.value as never)}
      />
    </View>
  );
  const fieldOptions = [...facts.focusIndustries, OTHER_FIELD];
  const rules = carrier ? entryRules(carrier, policy) : [];
  const current = steps[step]?.key;

  return (
    <View className="page page-with-nav apply">
      <NavBar title={carrier ? `申请入孵 · ${carrier.name}` : '申请入孵'} />
      {!session ? (
        <LoginBanner
          text="申请入孵需要先登录：登录后将立即检查入孵条件，草稿也会保存在本机。"
          onLogin={signIn}
        />
      ) : null}
      <View className="steps" {...labelled('list', '申请步骤')}>
        {steps.map((s, index) => (
          <Text
            key={s.key}
            className={index === step ? 'step step-on' : 'step'}
            {...attrs({ role: 'listitem', ...(index === step && { 'aria-current': 'step' }) })}
          >
            {index + 1}. {s.title}
          </Text>
        ))}
      </View>

      {current === 'conditions' ? (
        <View>
          <View className="card rules" {...labelled('region', '入孵条件')}>
            <Text className="section-title">申请前请确认入孵条件</Text>
            {carrier && !facts.accepting ? (
              <Text className="warning" {...attrs({ role: 'alert' })}>
                该载体目前暂停受理入孵申请
              </Text>
            ) : null}
            <View className="rule-list">
              {rules.map((rule) => (
                <Text key={rule} className="rule">
                  {rule}
                </Text>
              ))}
            </View>
            {policy ? <Text className="muted small">依据：{POLICY_SOURCE}</Text> : null}
          </View>
          <View className="card">
            <Field label="企业注册情况" required error={errors.registered}>
              <View className="chips registered" {...labelled('radiogroup', '企业注册情况')}>
                {(
                  [
                    ['yes', '已注册企业'],
                    ['no', '尚未注册（创业团队）'],
                  ] as const
                ).map(([value, label]) => (
                  <Text
                    key={value}
                    className={form.registered === value ? 'chip chip-on' : 'chip'}
                    {...pressable(label, () => set('registered', value))}
                    {...attrs({
                      role: 'radio',
                      'aria-checked': form.registered === value ? 'true' : 'false',
                    })}
                  >
                    {label}
                  </Text>
                ))}
              </View>
            </Field>
            {form.registered === 'yes' ? (
              <View>
                <Field
                  label="企业成立日期"
                  required
                  error={errors.foundedOn}
                  hint="营业执照上的成立日期"
                >
                  <Picker
                    mode="date"
                    value={form.foundedOn || '2024-01-01'}
                    start="1980-01-01"
                    end={today()}
                    onChange={(event) => set('foundedOn', event.detail.value)}
                  >
                    <View
                      className="picker-value founded-on"
                      {...attrs({
                        role: 'button',
                        tabIndex: 0,
                        'aria-label': `企业成立日期（必填）：${form.foundedOn || '请选择'}`,
                      })}
                    >
                      <Text aria-hidden="true">{form.foundedOn || '请选择日期'}</Text>
                    </View>
                  </Picker>
                </Field>
                {textField(
                  'creditCode',
                  '统一社会信用代码（选填）',
                  { maxlength: 18, placeholder: '18位，见营业执照' },
                  '填写后将核对校验码',
                )}
              </View>
            ) : null}
            <Field label="所属领域" required error={errors.industry}>
              <View className="chips industries" {...labelled('radiogroup', '所属领域')}>
                {fieldOptions.map((value) => (
                  <Text
                    key={value}
                    className={form.industry === value ? 'chip chip-on' : 'chip'}
                    {...pressable(value, () => set('industry', value))}
                    {...attrs({
                      role: 'radio',
                      'aria-checked': form.industry === value ? 'true' : 'false',
                    })}
                  >
                    {value}
                  </Text>
                ))}
              </View>
            </Field>
            {verdict.lines.length ? (
              <View
                className={`precheck precheck-${verdict.status}`}
                {...attrs({ role: verdict.status === 'refused' ? 'alert' : 'status' })}
              >
                {verdict.lines.map((line) => (
                  <Text key={line}>{line}</Text>
                ))}
              </View>
            ) : null}
          </View>
        </View>
      ) : null}

      {current === 'applicant' ? (
        <View className="card">
          {textField('applicantName', '联系人姓名', { maxlength: 100, placeholder: '真实姓名' })}
          {textField('mobile', '手机号', {
            type: 'number',
            maxlength: 20,
            placeholder: '11位手机号',
          })}
          {textField('email', '邮箱', { maxlength: 254, placeholder: 'name@example.com' })}
        </View>
      ) : null}

      {current === 'project' ? (
        <View className="card">
          {form.registered === 'yes'
            ? textField('companyName', '企业名称', { maxlength: 100 })
            : null}
          {textField('projectName', '项目名称', { maxlength: 100 })}
          <Field label="项目简介" required error={errors.projectSummary}>
            <Textarea
              className="textarea input-projectSummary"
              value={form.projectSummary}
              maxlength={5000}
              nativeProps={nativeLabel('项目简介', true, invalid('projectSummary'))}
              onInput={(event) => set('projectSummary', event.detail.value)}
            />
          </Field>
          <Field label="项目阶段" required error={errors.stage}>
            <View className="chips stages" {...labelled('radiogroup', '项目阶段')}>
              {stages.map((stage) => (
                <Text
                  key={stage.value}
                  className={form.stage === stage.value ? 'chip chip-on' : 'chip'}
                  {...pressable(stage.label, () => set('stage', stage.value as ProjectStage))}
                  {...attrs({
                    role: 'radio',
                    'aria-checked': form.stage === stage.value ? 'true' : 'false',
                  })}
                >
                  {stage.label}
                </Text>
              ))}
            </View>
          </Field>
        </View>
      ) : null}

      {current === 'needs' ? (
        <View className="card">
          {textField(
            'spaceSquareMeters',
            '需要场地面积（平方米，选填）',
            { maxlength: 9, placeholder: '如 120' },
            '只填数字，最多两位小数',
          )}
          {toggleField('mentoring', '创业导师辅导')}
          {toggleField('financing', '投融资对接')}
          {toggleField('training', '培训')}
          {toggleField('sharedInstruments', '大仪共享')}
          {toggleField('policyHelp', '政策申报协助')}
        </View>
      ) : null}

      {current === 'consent' ? (
        <View className="card">
          <Text className="consent-text">
            为办理入孵申请，我们将向所选载体提供您填写的联系人姓名、手机号、邮箱及项目信息，
            仅用于入孵审核与联系。您可随时在“我的”中导出或删除个人数据。（个人信息处理规则版本
            {POLICY_VERSION}）
          </Text>
          <View
            className="row consent"
            {...pressable('我已阅读并同意个人信息处理规则', () => set('consent', !form.consent))}
            {...attrs({ role: 'checkbox', 'aria-checked': form.consent ? 'true' : 'false' })}
          >
            <Checkbox value="consent" checked={form.consent} aria-hidden="true" />
            <Text aria-hidden="true">我已阅读并同意个人信息处理规则</Text>
          </View>
          {errors.consent ? (
            <Text className="field-error" {...attrs({ role: 'alert' })}>
              {errors.consent}
            </Text>
          ) : null}
        </View>
      ) : null}

      {submitError ? (
        <View className="card submit-error" {...attrs({ role: 'alert' })}>
          <Text className="warning">{submitError}</Text>
        </View>
      ) : null}

      <View className="actions">
        {step > 0 ? (
          <Button className="btn prev" onClick={() => change({ ...draft, step: step - 1 })}>
            上一步
          </Button>
        ) : null}
        {step > 0 ? (
          <Button className="btn save-draft" disabled={busy} onClick={saveOnServer}>
            保存草稿
          </Button>
        ) : null}
        {step < steps.length - 1 ? (
          <Button
            className="btn btn-primary next"
            disabled={current === 'conditions' && (!conditionsPassed || !facts.accepting)}
            onClick={next}
          >
            下一步
          </Button>
        ) : (
          <Button
            className="btn btn-primary submit"
            loading={busy}
            disabled={busy}
            aria-busy={busy ? 'true' : 'false'}
            onClick={submit}
          >
            {busy ? '正在提交…' : '提交申请'}
          </Button>
        )}
      </View>
    </View>
  );
}
