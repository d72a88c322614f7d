//! Policy parameters: every length the Notice leaves to local policy, read
//! from `data/policy.toml` (embedded) or an operator's file.

use super::model::LookbackKind;
use serde::{Deserialize, Serialize};

pub const DEFAULT_POLICY: &str = include_str!("../../data/policy.toml");

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    pub lost_contact: LostContact,
    pub search: SearchPolicy,
    pub probation: ProbationPolicy,
    pub correction: CorrectionPolicy,
    pub suspension: SuspensionPolicy,
    pub appeal: AppealPolicy,
    pub transfer: TransferPolicy,
    pub procedure: ProcedurePolicy,
    pub lookback: LookbackPolicy,
    pub meeting: MeetingPolicy,
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct LostContact {
    pub months: u32,
}
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SearchPolicy {
    pub min_channels: u32,
    pub stale_days: u32,
}
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ProbationPolicy {
    pub months: u32,
    pub extension_min_months: u32,
    pub extension_max_months: u32,
    pub max_extensions: u32,
}
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CorrectionPolicy {
    pub months: u32,
    pub max_months: u32,
}
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SuspensionPolicy {
    pub restore_window_years: u32,
    pub abroad_removal_after_window: bool,
}
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct AppealPolicy {
    pub answer_days: u32,
}
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct TransferPolicy {
    pub letter_valid_days: u32,
}
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ProcedurePolicy {
    pub step_wait_days: u32,
}
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct LookbackPolicy {
    /// Days after a campaign's date by which its reviews are due.
    pub due_days: u32,
    /// Kinds reviewed besides the two X三 names (default none).
    #[serde(default)]
    pub also_review: Vec<LookbackKind>,
    /// Read only to refuse it with a reason: campaigns are records now.
    #[serde(default, skip_serializing)]
    pub campaign_start: Option<toml::Value>,
}
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct MeetingPolicy {
    pub quorum_share: f64,
    pub pass_share: f64,
}

impl Policy {
    /// Parse and check a policy file. Errors carry the line and the reason.
    pub fn parse(text: &str) -> Result<Policy, String> {
        let p: Policy = toml::from_str(text).map_err(|e| e.to_string())?;
        p.check()?;
        Ok(p)
    }

    pub fn embedded() -> Policy {
        Policy::parse(DEFAULT_POLICY).expect("embedded policy.toml is valid")
    }

    fn check(&self) -> Result<(), String> {
        let p = &self.probation;
        if p.extension_min_months == 0 || p.extension_min_months > p.extension_max_months {
            return Err(
                "probation: extension_min_months must be between 1 and extension_max_months".into(),
            );
        }
        if self.correction.months == 0 || self.correction.months > self.correction.max_months {
            return Err("correction: months must be between 1 and max_months".into());
        }
        for (name, v) in [
            ("quorum_share", self.meeting.quorum_share),
            ("pass_share", self.meeting.pass_share),
        ] {
            if !(0.0..1.0).contains(&v) {
                return Err(format!("meeting: {name} must be at least 0 and below 1"));
            }
        }
        if self.lookback.campaign_start.is_some() {
            return Err(
                "lookback: campaign_start is no longer read; a look-back campaign is \
                 started by the start_campaign action with the department's date (docs/POLICY.md)"
                    .into(),
            );
        }
        if self.lost_contact.months == 0 {
            return Err("lost_contact: months must be at least 1".into());
        }
        Ok(())
    }
}
