//! Credentials the client can send, and which of them each operation asks for.

use super::ident::Ident;
use super::ids::CredentialId;

/// A credential: one security scheme of the spec, as the client is configured with it.
#[derive(Debug, Clone, PartialEq)]
pub struct Credential {
    /// The scheme's key in `components.securitySchemes`.
    pub scheme: String,
    /// Client builder method for its first value (`api_key`, `username`, `access_token`).
    pub setter: Ident,
    /// Variables that first value is read from; the first set wins.
    pub env: Vec<String>,
    /// Where it goes in a request.
    pub placement: CredentialPlacement,
    /// The client is built without it; a call that needs it fails before sending.
    pub optional: bool,
    /// The scheme's description in the spec, for the builder method's docs.
    pub description: Option<String>,
}

/// Where a credential goes in a request, and what else it is made of.
#[derive(Debug, Clone, PartialEq)]
pub enum CredentialPlacement {
    /// `Authorization: Bearer <credential>`.
    Bearer,
    /// `Authorization: <scheme> <credential>`, for an HTTP scheme other than basic and bearer.
    Scheme(String),
    /// The credential as the value of this header (a valid, lowercase header name).
    Header(String),
    /// The credential as this query parameter.
    Query(String),
    /// The credential as this cookie.
    Cookie(String),
    /// `Authorization: Basic`, from the username (the first value) and this password.
    Basic {
        /// The password's builder method and variables.
        password: CredentialValue,
    },
    /// An OAuth2 or OpenID Connect access token, sent as a bearer token: set as it is (the first
    /// value), returned by a callback the user sets with `provider_setter`, or obtained by the SDK
    /// through the client-credentials flow.
    OAuth2 {
        /// The client builder method that sets a token provider (a callback).
        provider_setter: Ident,
        /// The client-credentials flow, when the config asks the SDK to run it.
        client_credentials: Option<ClientCredentials>,
    },
}

/// A secret value of a credential beyond its first.
#[derive(Debug, Clone, PartialEq)]
pub struct CredentialValue {
    /// Client builder method.
    pub setter: Ident,
    /// Variables it is read from; the first set wins.
    pub env: Vec<String>,
}

/// The OAuth2 client-credentials flow: a client id and secret exchanged for access tokens.
#[derive(Debug, Clone, PartialEq)]
pub struct ClientCredentials {
    /// The client id's builder method and variables.
    pub client_id: CredentialValue,
    /// The client secret's builder method and variables.
    pub client_secret: CredentialValue,
    /// The token endpoint: absolute, or relative to the base URL.
    pub token_url: String,
    /// Asked for, space-separated, in the token request; none when empty.
    pub scopes: Vec<String>,
    /// The client id and secret go in the form body rather than in HTTP basic.
    pub secret_in_body: bool,
}

/// Which credentials a call sends: the first alternative whose credentials the client has, each
/// naming one of [`Api::credentials`](super::Api::credentials). An empty alternative sends nothing
/// (authentication is optional); no alternatives at all means the operation is public.
pub type Security = Vec<Vec<CredentialId>>;

/// One value the client builder sets for a credential, or reads from the environment.
#[derive(Debug, Clone, Copy)]
pub struct CredentialInput<'a> {
    /// The client builder method.
    pub setter: &'a Ident,
    /// The variables it is read from; the first set wins.
    pub env: &'a [String],
    /// What it is, for docs: `API key`, `username`, `client secret`…
    pub role: &'static str,
    /// How it is set in the runtime's client config.
    pub part: CredentialPart,
}

/// Which value of a credential an input sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CredentialPart {
    /// The key, token, username or access token.
    First,
    /// The password of HTTP basic.
    Password,
    /// The OAuth2 client id.
    ClientId,
    /// The OAuth2 client secret.
    ClientSecret,
}

impl Credential {
    /// Every value the client builder has a method for, the first value first.
    pub fn inputs(&self) -> Vec<CredentialInput<'_>> {
        fn input<'a>(value: &'a CredentialValue, role: &'static str, part: CredentialPart) -> CredentialInput<'a> {
            CredentialInput { setter: &value.setter, env: &value.env, role, part }
        }
        let first_role = match &self.placement {
            CredentialPlacement::Basic { .. } => "username",
            CredentialPlacement::OAuth2 { .. } => "access token",
            CredentialPlacement::Bearer | CredentialPlacement::Scheme(_) => "token",
            _ => "API key",
        };
        let mut inputs = vec![CredentialInput {
            setter: &self.setter,
            env: &self.env,
            role: first_role,
            part: CredentialPart::First,
        }];
        match &self.placement {
            CredentialPlacement::Basic { password } => {
                inputs.push(input(password, "password", CredentialPart::Password))
            }
            CredentialPlacement::OAuth2 { client_credentials: Some(flow), .. } => {
                inputs.push(input(&flow.client_id, "OAuth2 client id", CredentialPart::ClientId));
                inputs.push(input(&flow.client_secret, "OAuth2 client secret", CredentialPart::ClientSecret));
            }
            _ => {}
        }
        inputs
    }

    /// How the value `part` travels, for docs: `as `Authorization: Bearer``.
    pub fn wire_description(&self, part: CredentialPart) -> String {
        match (&self.placement, part) {
            (
                CredentialPlacement::OAuth2 { client_credentials: Some(flow), .. },
                CredentialPart::ClientId | CredentialPart::ClientSecret,
            ) => {
                format!("only to the token endpoint `{}`, to get access tokens when none is set", flow.token_url)
            }
            (CredentialPlacement::Basic { .. }, CredentialPart::Password) => {
                "with the username as `Authorization: Basic`".to_owned()
            }
            (CredentialPlacement::Basic { .. }, _) => "with the password as `Authorization: Basic`".to_owned(),
            (CredentialPlacement::OAuth2 { client_credentials, .. }, _) => {
                let instead = match client_credentials {
                    Some(_) => "a token provider or the client-credentials flow",
                    None => "a token provider",
                };
                format!("as `Authorization: Bearer` ({instead} can supply it instead)")
            }
            (CredentialPlacement::Bearer, _) => "as `Authorization: Bearer`".to_owned(),
            (CredentialPlacement::Scheme(scheme), _) => format!("as `Authorization: {scheme}`"),
            (CredentialPlacement::Header(name), _) => format!("in the `{name}` header"),
            (CredentialPlacement::Query(name), _) => format!("as the `{name}` query parameter"),
            (CredentialPlacement::Cookie(name), _) => format!("as the `{name}` cookie"),
        }
    }
}
