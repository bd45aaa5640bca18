//! The closed vocabularies of the model: kinds, statuses, healths… Each is
//! stored and exchanged as its lowercase code (`in_progress`), parsed once.

use super::error::{FieldError, Problem};
use serde::{Deserialize, Serialize};

/// Declares an enum with a stable text code per variant, `ALL`, `as_str`
/// and `parse(field, text)`.
macro_rules! coded_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $code:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $($(#[$vmeta])* $variant),+
        }

        impl $name {
            /// Every value, in their natural order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable code used in storage, URLs, CSV and the API.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $code),+
                }
            }

            /// Parses a code (surrounding spaces and case ignored); the error names `field`.
            pub fn parse(field: &str, text: &str) -> Result<Self, FieldError> {
                let wanted = text.trim();
                if wanted.is_empty() {
                    return Err(FieldError::new(field, Problem::Required));
                }
                $name::ALL
                    .iter()
                    .copied()
                    .find(|v| v.as_str().eq_ignore_ascii_case(wanted))
                    .ok_or_else(|| FieldError::new(field, Problem::Unknown {
                        value: wanted.to_owned(),
                        expected: $name::ALL.iter().map(|v| v.as_str().to_owned()).collect(),
                    }))
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

coded_enum! {
    /// Where an initiative sits in its tree.
    InitiativeKind {
        /// A government strategy: holds areas (its axes of intervention).
        Strategy = "strategy",
        /// An axis of a strategy: holds measures.
        Area = "area",
        /// A measure of a strategy area.
        Measure = "measure",
        /// A programme: holds projects.
        Programme = "programme",
        /// A project of a programme.
        Project = "project",
    }
}

impl InitiativeKind {
    /// The kinds a parent of this kind may be; `None` in the list means it may be a root.
    pub fn allowed_parents(self) -> &'static [Option<InitiativeKind>] {
        use InitiativeKind::*;
        match self {
            Strategy => &[None],
            Area => &[Some(Strategy)],
            Measure => &[Some(Area), Some(Strategy)],
            // A programme may stand alone, carry out part of a strategy, or be a sub-programme.
            Programme => &[
                None,
                Some(Strategy),
                Some(Area),
                Some(Measure),
                Some(Programme),
            ],
            Project => &[Some(Programme), Some(Measure), None],
        }
    }

    /// Whether `parent` (or no parent) may hold an initiative of this kind.
    pub fn accepts_parent(self, parent: Option<InitiativeKind>) -> bool {
        self.allowed_parents().contains(&parent)
    }
}

coded_enum! {
    /// Where an initiative stands.
    Status {
        Planned = "planned",
        InProgress = "in_progress",
        Completed = "completed",
        OnHold = "on_hold",
        Cancelled = "cancelled",
    }
}

coded_enum! {
    /// How an initiative is doing against its plan (overall, schedule, cost, scope).
    Health {
        OnTrack = "on_track",
        AtRisk = "at_risk",
        OffTrack = "off_track",
    }
}

impl Health {
    /// At risk and off track call for an explanation.
    pub fn needs_explanation(self) -> bool {
        matches!(self, Health::AtRisk | Health::OffTrack)
    }
}

coded_enum! {
    /// Who may see an initiative.
    Visibility {
        /// Shown to the public and in the open data.
        Published = "published",
        /// Signed-in users only.
        Internal = "internal",
    }
}

coded_enum! {
    /// Which way an indicator should move.
    Direction {
        /// Higher is better (share of processing on cloud).
        Up = "up",
        /// Lower is better (number of data-processing centres).
        Down = "down",
    }
}

coded_enum! {
    /// The spacing of the points of a series.
    Interval {
        Weekly = "weekly",
        Monthly = "monthly",
        Quarterly = "quarterly",
    }
}

coded_enum! {
    /// What a signed-in person may do.
    Role {
        /// Manages accounts, organisations and what is published; edits.
        Administrator = "administrator",
        /// Records updates, milestones and indicator values; imports.
        Editor = "editor",
        /// Reads everything, published or internal; changes nothing.
        Viewer = "viewer",
    }
}

coded_enum! {
    /// Through what a change reached the data (recorded in the audit log).
    Via {
        Browser = "browser",
        Import = "import",
        Api = "api",
        Cli = "cli",
        Demo = "demo",
        Synthetic = "synthetic",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_ignore_case_and_spaces() {
        for status in Status::ALL {
            assert_eq!(Status::parse("status", status.as_str()), Ok(*status));
        }
        assert_eq!(
            Status::parse("status", " In_Progress "),
            Ok(Status::InProgress)
        );
        assert_eq!(Health::parse("health", "OFF_TRACK"), Ok(Health::OffTrack));
    }

    #[test]
    fn an_unknown_code_names_the_field_and_the_choices() {
        let err = Status::parse("status", "done").unwrap_err();
        assert_eq!(err.field, "status");
        assert_eq!(
            err.problem,
            Problem::Unknown {
                value: "done".into(),
                expected: [
                    "planned",
                    "in_progress",
                    "completed",
                    "on_hold",
                    "cancelled"
                ]
                .map(String::from)
                .to_vec(),
            }
        );
        assert_eq!(
            Health::parse("schedule_health", "  ").unwrap_err().problem,
            Problem::Required
        );
    }

    #[test]
    fn serde_uses_the_same_codes() {
        assert_eq!(
            serde_json::to_string(&Status::OnHold).unwrap(),
            "\"on_hold\""
        );
        assert_eq!(
            serde_json::from_str::<Health>("\"at_risk\"").unwrap(),
            Health::AtRisk
        );
    }

    #[test]
    fn the_tree_shapes_are_strategy_area_measure_and_programme_project() {
        use InitiativeKind::*;
        assert!(Strategy.accepts_parent(None));
        assert!(!Strategy.accepts_parent(Some(Programme)));
        assert!(Area.accepts_parent(Some(Strategy)));
        assert!(!Area.accepts_parent(None));
        assert!(Measure.accepts_parent(Some(Area)));
        assert!(!Measure.accepts_parent(Some(Project)));
        assert!(Project.accepts_parent(Some(Programme)));
        assert!(!Project.accepts_parent(Some(Area)));
    }
}
