//! End-to-end tests of the generated SDKs against in-process loopback servers, one module per
//! provider or concern, in one binary.

mod aymara;
mod blocking;
mod deeptable;
mod environment;
mod examples;
mod llamacloud;
mod logs;
mod muna;
mod pagination;
mod runtime;
mod spitch;
mod transfer;
