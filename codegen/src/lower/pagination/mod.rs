//! How a list method pages: declared in its SDK config and checked against its response and
//! request here, or, when the config says nothing, inferred from the operation ([`infer`]).

mod declared;
mod infer;

pub(super) use declared::lower_pagination;
pub(super) use infer::infer_pagination;
