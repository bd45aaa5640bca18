//! What the OpenAPI document says of every operation at once, so that it
//! matches what the server answers (checked by `.ci/contract`, which sends
//! the API thousands of generated requests):
//! - the refusals any request may meet in front of the handlers: 429 (rate
//!   limit), 503 (database away), and for a body 400 (not JSON), 408 (too
//!   slow), 413 (too large), 415 (not `application/json`);
//! - request bodies refuse unknown fields (`additionalProperties: false`);
//! - the query and header parameters whose values are a closed set or a
//!   pattern say so (`lang`, `themes`, `If-Match`).

use utoipa::openapi::header::HeaderBuilder;
use utoipa::openapi::path::{Operation, Parameter};
use utoipa::openapi::schema::{AdditionalProperties, Object, ObjectBuilder, Schema, Type};
use utoipa::openapi::{ContentBuilder, Ref, RefOr, ResponseBuilder};
use utoipa::Modify;

/// The refusals shared by every operation, added where an operation does
/// not describe its own.
pub struct Contract;

const FOR_EVERY_REQUEST: [(&str, &str); 2] = [
    (
        "429",
        "Too many requests from this address; wait as `Retry-After` says",
    ),
    (
        "503",
        "The database is unavailable or cannot write; nothing was stored, try again after `Retry-After`",
    ),
];

const FOR_A_BODY: [(&str, &str); 4] = [
    ("400", "The body is not JSON, or a header is malformed"),
    ("408", "The body took too long to arrive"),
    ("413", "Body over the limit"),
    ("415", "The body is not `application/json`"),
];

/// The code of one theme (as `Code` accepts), and several separated by spaces.
const THEMES_PATTERN: &str = r"^[A-Za-z0-9._-]{1,32}( [A-Za-z0-9._-]{1,32})*$";

impl Modify for Contract {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let mut bodies = Vec::new();
        for item in openapi.paths.paths.values_mut() {
            for operation in [
                &mut item.get,
                &mut item.post,
                &mut item.patch,
                &mut item.put,
                &mut item.delete,
            ]
            .into_iter()
            .flatten()
            {
                let has_body = operation.request_body.is_some();
                add_refusals(operation, &FOR_EVERY_REQUEST);
                if has_body {
                    add_refusals(operation, &FOR_A_BODY);
                }
                bodies.extend(body_schemas(operation));
                for parameter in operation.parameters.iter_mut().flatten() {
                    narrow(parameter);
                }
            }
        }
        let Some(components) = openapi.components.as_mut() else {
            return;
        };
        for name in bodies {
            let Some(RefOr::T(schema)) = components.schemas.get(&name) else {
                continue;
            };
            // A body of flattened parts (`allOf`) becomes one object: an
            // `additionalProperties: false` beside `allOf` would refuse
            // every field the parts declare.
            if let Some(mut object) = one_object(schema, &components.schemas) {
                object.additional_properties =
                    Some(Box::new(AdditionalProperties::FreeForm(false)));
                components
                    .schemas
                    .insert(name, RefOr::T(Schema::Object(object)));
            }
        }
    }
}

/// `schema` as one object: itself, or the union of the properties and the
/// requirements of its `allOf` parts (components or inline).
fn one_object(
    schema: &Schema,
    components: &std::collections::BTreeMap<String, RefOr<Schema>>,
) -> Option<Object> {
    match schema {
        Schema::Object(object) => Some(object.clone()),
        Schema::AllOf(all) => {
            let mut union = ObjectBuilder::new().schema_type(Type::Object).build();
            union.description = all.description.clone();
            for part in &all.items {
                let part = match part {
                    RefOr::T(inline) => one_object(inline, components)?,
                    RefOr::Ref(reference) => {
                        let name = reference.ref_location.rsplit('/').next()?;
                        match components.get(name)? {
                            RefOr::T(named) => one_object(named, components)?,
                            RefOr::Ref(_) => return None,
                        }
                    }
                };
                union.properties.extend(part.properties);
                union.required.extend(part.required);
            }
            Some(union)
        }
        _ => None,
    }
}

fn add_refusals(operation: &mut Operation, refusals: &[(&str, &str)]) {
    for (status, description) in refusals {
        let mut response = ResponseBuilder::new().description(*description).content(
            "application/json",
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("ErrorBody")))
                .build(),
        );
        if matches!(*status, "429" | "503") {
            response = response.header(
                "Retry-After",
                HeaderBuilder::new()
                    .schema(ObjectBuilder::new().schema_type(Type::Integer))
                    .description(Some("Seconds to wait before trying again"))
                    .build(),
            );
        }
        operation
            .responses
            .responses
            .entry((*status).to_owned())
            .or_insert_with(|| RefOr::T(response.build()));
    }
}

/// The names of the component schemas an operation's body refers to.
fn body_schemas(operation: &Operation) -> Vec<String> {
    let Some(body) = &operation.request_body else {
        return Vec::new();
    };
    body.content
        .values()
        .filter_map(|content| match &content.schema {
            Some(RefOr::Ref(reference)) => {
                reference.ref_location.rsplit('/').next().map(str::to_owned)
            }
            _ => None,
        })
        .collect()
}

fn narrow(parameter: &mut Parameter) {
    let string = || ObjectBuilder::new().schema_type(Type::String);
    let schema = match parameter.name.as_str() {
        "lang" => string()
            .enum_values(Some(["fr", "en"]))
            .description(Some("`fr` or `en`")),
        "themes" => string().pattern(Some(THEMES_PATTERN)),
        "If-Match" => string().pattern(Some(r#"^"[0-9]{1,18}"$"#)),
        _ => return,
    };
    parameter.schema = Some(RefOr::T(Schema::Object(schema.build())));
}
