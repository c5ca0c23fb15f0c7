"""The 中文 of the codes the services answer (grades, levels, modes, line kinds, triggers...), once: the record's
report and any other reader print a code as "中文 code" from here. The codes themselves stay defined where their
rules are (vocabulary.py, each service's domain); tests/contract/unit/test_translations.py checks that each has
its words here.

Codes are grouped by what they name, since one word can name two things ("basic": a grade 基本合格, a tier 基本)."""

from __future__ import annotations

from collections.abc import Mapping

ZH: Mapping[str, Mapping[str, str]] = {
    "grade": {"excellent": "优秀", "qualified": "合格", "basic": "基本合格", "unqualified": "不合格"},
    "level": {"leadership": "领导班子", "middle": "中层干部", "professional": "职业经理人"},
    "position": {"general_manager": "总经理", "deputy_general_manager": "副总经理",
                 "chief_financial_officer": "财务负责人", "other_senior": "其他高级管理人员",
                 "middle_manager": "中层管理人员", "professional_manager": "职业经理人"},
    "performance_mode": {"grade": "按等级兑现", "score": "按得分兑现"},
    "party": {"enterprise": "企业", "manager": "经理人"},
    "signer_role": {"chairman": "董事长", "general_manager": "总经理", "manager": "经理人本人"},
    "tenure_status": {"draft": "草拟", "reviewed": "已前置研究", "approved": "已批准", "signed": "已签署",
                      "active": "履职中", "ended": "已结束"},
    "letter_status": {"issued": "已下达", "signed": "已签署"},
    "letter_kind": {"annual": "年度", "tenure": "任期"},
    "appraisal_status": {"open": "进行中", "closed": "已截止", "confirmed": "已确认", "final": "已定案"},
    "ended_reason": {"expired": "任期届满", "renewed": "续聘", "terminated": "提前终止"},
    "exit_mode": {"rigid_exit": "刚性退出", "flexible_adjustment": "柔性调整", "automatic_removal": "自动免职"},
    "exit_outcome": {"exit": "退出", "flexible_adjustment": "柔性调整", "declined": "不予退出",
                     "automatic_removal": "自动免职"},
    "objection_outcome": {"upheld": "异议成立", "rejected": "异议不成立"},
    "rule": {"linear": "线性计分", "deduct": "扣分计分", "tiered": "分档计分", "pass_fail": "完成制", "rated": "评议计分"},
    "direction": {"higher": "越高越好", "lower": "越低越好"},
    "tier": {"basic": "基本", "striving": "奋斗", "challenge": "挑战"},
    "entry_kind": {"actual": "实际值", "rating": "评分"},
    "source": {"manual": "手工录入", "file": "批量文件", "erp": "集团ERP"},
    "trigger": {"score_below_floor": "年度得分低于退出线", "main_kpi_below_floor": "主要指标完成率低于下限",
                "consecutive_unqualified": "连续考核不合格", "removal_floor": "触及自动免职线",
                "tenure_unqualified": "任期考核不合格", "consecutive_basic": "连续基本合格",
                "basic_in_tenure": "任期内累计两次基本合格",
                "bottom_ranking_yellow": "末位黄牌预警", "bottom_ranking_red": "末位红牌",
                "observation_not_met": "观察期内仍不达标"},
    "consequence": {"exit_proposed": "提出退出建议", "automatic_removal": "自动免职",
                    "talk_adjustment_or_demotion_review": "诫勉谈话、调整岗位或降级审查",
                    "observation_6_to_12_months": "观察期6至12个月", "exit_procedure_starts": "启动退出程序"},
    "tenure_basis": {"mean_of_annual_scores": "年度得分平均", "tenure_sheet": "任期指标考核"},
    "proposal_basis": {"annual": "年度考核", "tenure": "任期考核", "observation": "观察期"},
    "observation_status": {"open": "观察中", "met": "观察期达标", "not_met": "观察期不达标"},
    "line_kind": {"base": "基本年薪", "performance": "绩效年薪", "arrears": "补发", "recovery": "扣回",
                  "tenure_incentive": "任期激励", "retention_release": "延期绩效释放", "clawback": "追索扣回",
                  "owed": "欠款（待扣回）", "owed_recovery": "欠款扣回", "living_allowance": "基本生活费"},
    "cause": {"base_run": "月度基本年薪发放", "annual_appraisal": "年度考核", "tenure_appraisal": "任期考核",
              "clawback_decision": "追索扣回决定", "exit_for_cause": "因故退出",
              "automatic_removal": "自动免职"},
    "category": {"signature": "签约", "appraisal": "考核", "grade": "等级", "warning": "预警", "payment": "薪酬",
                 "decision": "决定", "record": "记录", "measure": "实际数据"},
    "event": {
        "Policy.Adopted": "制度发布", "Policy.Revised": "制度修订", "Manager.Registered": "经理人登记",
        "Tenure.Opened": "任期建立", "Tenure.AgreementReviewed": "协议前置研究", "Tenure.AgreementApproved": "协议批准",
        "Tenure.AgreementSigned": "协议签署", "Tenure.Activated": "任期生效", "Tenure.TermExtended": "任期延长",
        "Tenure.Renewed": "续聘", "Tenure.Terminated": "任期终止", "Tenure.Closed": "任期结束",
        "Tenure.ExitProposalDecided": "退出建议决定", "Tenure.TenureAppraisalRecorded": "任期考核结果记录",
        "Tenure.ExpiryWarned": "届满提醒", "Tenure.LetterIssued": "责任书下达", "Tenure.LetterSigned": "责任书签署",
        "Tenure.LetterRevised": "责任书修订", "PerformanceLetter.Issued": "责任书下达",
        "PerformanceLetter.Signed": "责任书签署", "PerformanceLetter.Revised": "责任书修订",
        "KpiActuals.Opened": "实绩台账建立", "KpiActuals.Entered": "实绩录入",
        "AnnualAppraisal.Opened": "年度考核启动", "AnnualAppraisal.MemberLeftOut": "考核组除名",
        "AnnualAppraisal.Closed": "年度考核截止", "AnnualAppraisal.Confirmed": "考核委员会确认等次",
        "AnnualAppraisal.ObjectionFiled": "提出异议", "AnnualAppraisal.ObjectionDecided": "异议决定",
        "AnnualAppraisal.Finalised": "年度考核定案", "AnnualAppraisal.Revised": "定案后修订",
        "MemberAppraisal.Opened": "个人考核建立", "MemberAppraisal.Scored": "计分", "MemberAppraisal.Graded": "定等",
        "MemberAppraisal.TriggersEvaluated": "预警与退出触发判定", "MemberAppraisal.Finalised": "个人考核定案",
        "TenureAppraisal.Recorded": "任期考核", "TenureAppraisal.Revised": "任期考核重算", "ExitProposal.Proposed": "提出退出建议",
        "ObservationPeriod.Opened": "进入观察期", "ObservationPeriod.Concluded": "观察期结论",
        "ExitProposal.Decided": "退出建议决定", "PayAccount.Planned": "薪酬方案", "PayAccount.Extended": "薪酬期间延长",
        "PayAccount.LineAdded": "薪酬发放行", "PayAccount.YearSettled": "年度绩效结算",
        "PayAccount.TenureSettled": "任期结算", "PayAccount.Exited": "退出薪酬处理", "Warning": "预警",
    },
    "forfeited_by": {"terminated_for_cause": "因故免职，不予兑现", "tenure_unqualified": "任期考核不合格，不予兑现",
                     "terminated": "提前终止，不予兑现"},
}


def in_chinese(kind: str, code: str) -> str | None:
    """The Chinese words for `code` as a `kind`, or None when there are none."""
    return ZH.get(kind, {}).get(code)
