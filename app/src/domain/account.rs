//! Accounts: who signs in, and what their role lets them do.

use super::error::{FieldError, Problem};
use super::kinds::Role;
use serde::{Deserialize, Serialize};

/// An e-mail address, trimmed and lowercased: one account per address.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

impl Email {
    pub const MAX_LEN: usize = 254;

    pub fn parse(field: &str, text: &str) -> Result<Self, FieldError> {
        let email = text.trim().to_lowercase();
        if email.is_empty() {
            return Err(FieldError::new(field, Problem::Required));
        }
        if email.chars().count() > Self::MAX_LEN {
            return Err(FieldError::new(
                field,
                Problem::TooLong { max: Self::MAX_LEN },
            ));
        }
        // An address as the RFCs have it, on a domain with a dot (accounts
        // are for people with a mailbox there, not for `root@localhost`).
        let well_formed = match email.split_once('@') {
            Some((local, domain)) => {
                email_address::EmailAddress::is_valid(&email)
                    && !local.is_empty()
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
                    && !domain.contains('@')
            }
            None => false,
        };
        if !well_formed || email.chars().any(char::is_whitespace) {
            return Err(FieldError::new(
                field,
                Problem::Malformed {
                    value: email,
                    expected: "an e-mail address".into(),
                },
            ));
        }
        Ok(Email(email))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Email {
    type Error = FieldError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Email::parse("email", &value)
    }
}

impl From<Email> for String {
    fn from(email: Email) -> String {
        email.0
    }
}

impl std::fmt::Display for Email {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// An account as shown and audited: never its password.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    pub id: i64,
    pub email: Email,
    pub name: String,
    pub role: Role,
    pub disabled: bool,
}

impl Role {
    /// Editors and administrators change the data; viewers only read it.
    pub fn can_edit(self) -> bool {
        matches!(self, Role::Editor | Role::Administrator)
    }

    /// Only administrators manage accounts, organisations and publication.
    pub fn can_administer(self) -> bool {
        self == Role::Administrator
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_email_is_trimmed_lowercased_and_checked() {
        assert_eq!(
            Email::parse("email", " Benoit.Boivin@SCT.gouv.qc.ca ")
                .unwrap()
                .as_str(),
            "benoit.boivin@sct.gouv.qc.ca"
        );
        for bad in [
            "",
            "no-at-sign",
            "@sct.gouv.qc.ca",
            "x@localhost",
            "x@.ca",
            "x@ca.",
            "a b@c.ca",
            "a@b@c.ca",
            "<script>@sct.gouv.qc.ca",
            "x@<b>.ca",
            "a..b@c.ca",
            "x@c.ca>",
        ] {
            let err = Email::parse("email", bad).unwrap_err();
            assert_eq!(err.field, "email", "{bad}");
        }
    }

    #[test]
    fn roles_grant_editing_and_administration() {
        assert!(Role::Administrator.can_edit() && Role::Administrator.can_administer());
        assert!(Role::Editor.can_edit() && !Role::Editor.can_administer());
        assert!(!Role::Viewer.can_edit() && !Role::Viewer.can_administer());
        assert_eq!(Role::parse("role", "EDITOR"), Ok(Role::Editor));
    }
}
