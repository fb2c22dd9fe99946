//! What a call is, as interceptors and spans see it: which of the API's operations it runs.

use reqwest::Method;

/// One operation of the API, as the spec and the SDK name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Operation {
    #[doc(hidden)]
    pub id: &'static str,
    #[doc(hidden)]
    pub resource: &'static str,
    #[doc(hidden)]
    pub method: &'static str,
    #[doc(hidden)]
    pub path: &'static str,
}

impl Operation {
    /// The spec's `operationId` (or `METHOD /path` for an operation without one).
    pub fn id(&self) -> &'static str {
        self.id
    }

    /// The resource the SDK puts the operation on, dotted for nested resources (`files.versions`).
    pub fn resource(&self) -> &'static str {
        self.resource
    }

    /// The SDK method's name on its resource (`list`).
    pub fn method(&self) -> &'static str {
        self.method
    }

    /// The path as the spec writes it, parameters unfilled (`/v1/files/{file_id}`): the route,
    /// without any value of this call.
    pub fn path_template(&self) -> &'static str {
        self.path
    }
}

/// One call of the SDK, as interceptors see it before and after it runs: one logical request,
/// however many attempts and redirects it takes.
#[derive(Debug, Clone)]
pub struct Call {
    pub(crate) provider: &'static str,
    pub(crate) operation: Option<&'static Operation>,
    pub(crate) http_method: Method,
}

impl Call {
    /// The API's name (`DeepTable`).
    pub fn provider(&self) -> &'static str {
        self.provider
    }

    /// The operation called, or `None` for a request to a URL the API handed out (a download or
    /// presigned upload URL), which goes to another host.
    pub fn operation(&self) -> Option<&'static Operation> {
        self.operation
    }

    /// The HTTP method of the first attempt.
    pub fn http_method(&self) -> &Method {
        &self.http_method
    }
}
