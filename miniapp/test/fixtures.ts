import { emptyForm, type ApplyForm } from '../src/features/apply/form';

/** The complete application of the contract's example (启迪之星（德州）). */
export function completeForm(): ApplyForm {
  return {
    ...emptyForm('665f1c2ab8e4a1f3c9d20001'),
    registered: 'yes',
    foundedOn: '2025-03-18',
    applicantName: '李明',
    mobile: '13912345678',
    email: 'liming@example.com',
    companyName: '德州智视科技有限公司',
    creditCode: '91371400MA3C8U8X2W',
    projectName: '工业视觉质检平台',
    projectSummary: '面向中小制造企业的低成本机器视觉缺陷检测系统。',
    industry: '智能制造',
    stage: 'prototype',
    spaceSquareMeters: '120',
    mentoring: true,
    consent: true,
  };
}
