//! Pagination, implemented once for every scheme the SDK config can declare. A generated page type
//! implements [`Pageable`] (its items, and what it says about the next page); a list request knows
//! which of its values moves to the next page. This module decides when to stop, fetches lazily, and
//! refuses to loop on a repeated cursor or an offset the server ignores.

use std::collections::HashSet;
use std::fmt;
use std::ops::Deref;

use futures_util::stream::{self, BoxStream, Stream, StreamExt, TryStreamExt};
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::request::Request;
use super::response::Json;
use super::Error;

/// What a page says about the next one.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PageInfo {
    /// The next page's cursor; none or empty means this was the last page.
    Cursor {
        /// The next page's cursor.
        next_cursor: Option<String>,
    },
    /// Whether more items follow, if the server says, and the id of this page's last item, which
    /// fetches them.
    CursorId {
        /// Whether more items follow; unknown when the server leaves it out.
        has_more: Option<bool>,
        /// The id of this page's last item.
        last_id: Option<String>,
    },
    /// How many items this page holds, and how many there are in all.
    Offset {
        /// How many items this page holds.
        received: usize,
        /// How many items there are in all, if the server says.
        total: Option<i64>,
    },
}

/// A page of a list: its items, and what it says about the next page. The SDK's page types
/// implement it; [`Page`] uses it to go from one page to the next.
pub trait Pageable: DeserializeOwned + Send + Sync + 'static {
    /// One item of the list. Compared to tell a page from the one before it.
    type Item: Clone + PartialEq + Send + 'static;

    /// The items of this page.
    fn items(&self) -> &[Self::Item];

    /// The items of this page, owned.
    fn into_items(self) -> Vec<Self::Item>;

    /// What this page says about the next.
    fn page_info(&self) -> PageInfo;
}

/// One page of a list: its items, whether another page follows, and how to fetch it. Derefs to the
/// response, so its other fields (totals, ids) stay at hand.
pub struct Page<T: Pageable> {
    response: T,
    next: Next<T>,
    trail: Trail<T::Item>,
}

/// What the pages so far said, so that a server that loops cannot make the SDK loop with it.
struct Trail<I> {
    /// Cursors already followed.
    cursors: HashSet<String>,
    /// The first item of the page before, for offset paging: a server that ignores the offset sends
    /// the same page again.
    first_item: Option<I>,
}

impl<I: Clone> Clone for Trail<I> {
    fn clone(&self) -> Self {
        Self { cursors: self.cursors.clone(), first_item: self.first_item.clone() }
    }
}

impl<I> Default for Trail<I> {
    fn default() -> Self {
        Self { cursors: HashSet::new(), first_item: None }
    }
}

enum Next<T> {
    Last,
    Request(Box<Request<Json<T>>>),
    /// The server sent a cursor it had sent before: following it would loop.
    Repeated(String),
}

impl<T: Pageable + fmt::Debug> fmt::Debug for Page<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Page").field("response", &self.response).field("has_next_page", &self.has_next_page()).finish()
    }
}

impl<T: Pageable> Deref for Page<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.response
    }
}

impl<T: Pageable> Page<T> {
    /// Fetches the page `request` asks for.
    pub(crate) async fn fetch(request: Request<Json<T>>) -> Result<Self, Error> {
        Self::fetch_after(request, Trail::default()).await
    }

    async fn fetch_after(request: Request<Json<T>>, mut trail: Trail<T::Item>) -> Result<Self, Error> {
        let response: T = request.clone().send().await?;
        if let PageInfo::Offset { .. } = response.page_info() {
            let first = response.items().first();
            if first.is_some() && first == trail.first_item.as_ref() {
                let offset = request.page_param.and_then(|param| request.value_of(param)).unwrap_or_default();
                return Err(Error::Pagination {
                    message: format!(
                        "the server sent the same items at offset {offset} as on the page before: it ignores the offset, so paging stopped instead of returning them again"
                    ),
                });
            }
            trail.first_item = first.cloned();
        }
        let next = match next_value(&request, &response) {
            None => Next::Last,
            Some(Value::String(cursor)) if !trail.cursors.insert(cursor.clone()) => Next::Repeated(cursor),
            Some(value) => {
                let mut next = request;
                if let Some(param) = next.page_param {
                    next.set_page(param, value);
                }
                Next::Request(Box::new(next))
            }
        };
        Ok(Self { response, next, trail })
    }

    /// The items of this page.
    pub fn items(&self) -> &[T::Item] {
        self.response.items()
    }

    /// The items of this page, owned.
    pub fn into_items(self) -> Vec<T::Item> {
        self.response.into_items()
    }

    /// The response as decoded.
    pub fn response(&self) -> &T {
        &self.response
    }

    /// The response as decoded, owned.
    pub fn into_response(self) -> T {
        self.response
    }

    /// Whether the server says more pages follow.
    pub fn has_next_page(&self) -> bool {
        !matches!(self.next, Next::Last)
    }

    /// Fetches the next page, or returns `None` after the last one.
    pub async fn next_page(&self) -> Result<Option<Self>, Error> {
        match &self.next {
            Next::Last => Ok(None),
            Next::Request(request) => Ok(Some(Self::fetch_after((**request).clone(), self.trail.clone()).await?)),
            Next::Repeated(cursor) => Err(repeated(cursor)),
        }
    }

    /// This page and the ones after it. Each page is fetched only when the stream is read past the
    /// one before it; an error ends the stream.
    pub fn into_pages(self) -> BoxStream<'static, Result<Self, Error>> {
        stream::try_unfold(Cursor::Ready(self), |cursor| async move {
            let page = match cursor {
                Cursor::Ready(page) => page,
                Cursor::Fetch(request, trail) => Self::fetch_after(*request, trail).await?,
                Cursor::Fail(cursor) => return Err(repeated(&cursor)),
                Cursor::Done => return Ok(None),
            };
            let after = match &page.next {
                Next::Last => Cursor::Done,
                Next::Request(request) => Cursor::Fetch(request.clone(), page.trail.clone()),
                Next::Repeated(cursor) => Cursor::Fail(cursor.clone()),
            };
            Ok(Some((page, after)))
        })
        .boxed()
    }

    /// The items of this page and of the ones after it, fetched as the stream is read.
    pub fn into_stream(self) -> BoxStream<'static, Result<T::Item, Error>> {
        items_of(self.into_pages())
    }
}

/// The value that fetches the page after `page`, the response to `request`; `None` after the last.
/// A page without items is the last, whatever it says: following it could only loop or fetch nothing.
fn next_value<T: Pageable>(request: &Request<Json<T>>, page: &T) -> Option<Value> {
    if page.items().is_empty() {
        return None;
    }
    match page.page_info() {
        PageInfo::Cursor { next_cursor } => next_cursor.filter(|cursor| !cursor.is_empty()).map(Value::String),
        PageInfo::CursorId { has_more, last_id } => {
            last_id.filter(|id| has_more != Some(false) && !id.is_empty()).map(Value::String)
        }
        PageInfo::Offset { received, total } => {
            let param = request.page_param?;
            let offset: i64 = request.value_of(param).and_then(|offset| offset.parse().ok()).unwrap_or(0);
            let next = offset.saturating_add(i64::try_from(received).unwrap_or(i64::MAX));
            let more = total.is_none_or(|total| next < total);
            more.then(|| Value::from(next))
        }
    }
}

fn repeated(cursor: &str) -> Error {
    Error::Pagination {
        message: format!("the server returned the cursor `{cursor}` a second time; stopping instead of looping"),
    }
}

/// Where a page stream stands.
enum Cursor<T: Pageable> {
    Ready(Page<T>),
    Fetch(Box<Request<Json<T>>>, Trail<T::Item>),
    Fail(String),
    Done,
}

/// Every page of `request`, fetched as the stream is read. An error ends the stream. Boxed, so that
/// `StreamExt`'s methods need no pinning.
pub(crate) fn pages<T: Pageable>(request: Request<Json<T>>) -> BoxStream<'static, Result<Page<T>, Error>> {
    stream::once(Page::fetch(request))
        .map(|first| match first {
            Ok(page) => page.into_pages(),
            Err(error) => stream::once(async { Err(error) }).boxed(),
        })
        .flatten()
        .boxed()
}

/// Every item of every page of `request`, fetched as the stream is read.
pub(crate) fn items<T: Pageable>(request: Request<Json<T>>) -> BoxStream<'static, Result<T::Item, Error>> {
    items_of(pages(request))
}

fn items_of<T: Pageable>(
    pages: impl Stream<Item = Result<Page<T>, Error>> + Send + 'static,
) -> BoxStream<'static, Result<T::Item, Error>> {
    pages.map_ok(|page| stream::iter(page.into_items().into_iter().map(Ok))).try_flatten().boxed()
}

/// Every item of every page of `request`, in a `Vec`: for lists known to be small.
pub(crate) async fn collect_all<T: Pageable>(request: Request<Json<T>>) -> Result<Vec<T::Item>, Error> {
    items(request).try_collect().await
}
