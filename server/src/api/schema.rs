//! OpenAPI schemas of the domain's closed vocabularies, built from the
//! domain's own lists of codes, so the document cannot drift from what the
//! parsers accept. Used with `#[schema(schema_with = …)]` on the fields of
//! request and response bodies.

use app::domain::{Direction, Health, InitiativeKind, Status, Visibility};
use utoipa::openapi::schema::{ObjectBuilder, Type};

/// A string that is one of `codes`, or also `null` when `nullable`.
fn codes(codes: &[&'static str], nullable: bool, description: &str) -> ObjectBuilder {
    let (types, values): (Vec<Type>, Vec<serde_json::Value>) = if nullable {
        (
            vec![Type::String, Type::Null],
            codes
                .iter()
                .map(|c| (*c).into())
                .chain([serde_json::Value::Null])
                .collect(),
        )
    } else {
        (
            vec![Type::String],
            codes.iter().map(|c| (*c).into()).collect(),
        )
    };
    ObjectBuilder::new()
        .schema_type(
            types
                .into_iter()
                .collect::<utoipa::openapi::schema::SchemaType>(),
        )
        .enum_values(Some(values))
        .description(Some(description))
}

macro_rules! code_schema {
    ($(#[$doc:meta])* $name:ident, $nullable:expr, $ty:ty, $description:literal) => {
        $(#[$doc])*
        pub fn $name() -> ObjectBuilder {
            let all: Vec<&'static str> = <$ty>::ALL.iter().map(|v| v.as_str()).collect();
            codes(&all, $nullable, $description)
        }
    };
}

code_schema!(
    kind,
    false,
    InitiativeKind,
    "Where the initiative sits in its tree."
);
code_schema!(status, false, Status, "Where the initiative stands.");
code_schema!(health, false, Health, "Overall health against the plan.");
code_schema!(
    optional_health,
    true,
    Health,
    "Health of one dimension, when reported."
);
code_schema!(
    visibility,
    false,
    Visibility,
    "`published`: shown to the public; `internal`: signed-in users only."
);
code_schema!(direction, false, Direction, "Which way is better.");

#[cfg(test)]
mod tests {
    use super::*;
    use utoipa::openapi::{RefOr, Schema};

    #[test]
    fn a_vocabulary_lists_the_domain_codes() {
        let schema: RefOr<Schema> = optional_health().into();
        let json = serde_json::to_value(schema).unwrap();
        assert_eq!(
            json["enum"],
            serde_json::json!(["on_track", "at_risk", "off_track", null])
        );
        assert_eq!(json["type"], serde_json::json!(["string", "null"]));
    }
}
