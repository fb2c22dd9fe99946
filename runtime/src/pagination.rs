//! Pagination, implemented once for every scheme the SDK config can declare or the generator infer.
//! A generated page type implements [`Pageable`] (its items, and what it says about the next page),
//! as does `Vec` for lists that are a bare JSON array; a list request knows how it moves to the next
//! page (a value the page names, a page number, or the `Link` header). This module decides when to
//! stop, fetches lazily, and refuses to loop on a repeated cursor or link, or on an offset or page
//! number the server ignores.

use std::collections::HashSet;
use std::fmt;
use std::ops::Deref;

use futures_util::stream::{self, BoxStream, StreamExt, TryStreamExt};
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::api_request::{PageParam, Paging};
use super::error::Error;
use super::request::Request;
use super::response::Json;

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
    /// For lists paged by page number: how many items or pages there are in all, if the server
    /// says. Without either, a page shorter than the longest so far, or an empty one, is the last.
    PageNumber {
        /// How many items there are in all.
        total: Option<i64>,
        /// The number of the last page.
        last_page: Option<i64>,
    },
}

/// A page of a list: its items, and what it says about the next page. The SDK's page types
/// implement it; [`Page`] uses it to go from one page to the next. Sealed: only the SDK implements
/// it, so that it can grow without breaking anyone.
pub trait Pageable: Sealed + DeserializeOwned + Send + Sync + 'static {
    /// One item of the list. Compared to tell a page from the one before it.
    type Item: Clone + PartialEq + Send + 'static;

    /// The items of this page.
    fn items(&self) -> &[Self::Item];

    /// The items of this page, owned.
    fn into_items(self) -> Vec<Self::Item>;

    /// What this page says about the next.
    fn page_info(&self) -> PageInfo;
}

/// Implemented by the SDK's page types only; public in a module nobody outside the crate can name.
pub trait Sealed {}

impl<I> Sealed for Vec<I> {}

/// A list that is a bare JSON array: the request, or the response's `Link` header, says how to go on.
impl<I> Pageable for Vec<I>
where
    I: DeserializeOwned + Clone + PartialEq + Send + Sync + 'static,
{
    type Item = I;

    fn items(&self) -> &[I] {
        self
    }

    fn into_items(self) -> Vec<I> {
        self
    }

    fn page_info(&self) -> PageInfo {
        PageInfo::Offset { received: self.len(), total: None }
    }
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
    /// Cursors and links already followed.
    cursors: HashSet<String>,
    /// The first item of the page before, for offset and page number paging: a server that ignores
    /// the offset or page number sends the same page again.
    first_item: Option<I>,
    /// The items of every page so far.
    received: u64,
    /// The most items a page held so far: the server's page size, as far as paging can tell.
    longest_page: usize,
}

impl<I: Clone> Clone for Trail<I> {
    fn clone(&self) -> Self {
        Self {
            cursors: self.cursors.clone(),
            first_item: self.first_item.clone(),
            received: self.received,
            longest_page: self.longest_page,
        }
    }
}

impl<I> Default for Trail<I> {
    fn default() -> Self {
        Self { cursors: HashSet::new(), first_item: None, received: 0, longest_page: 0 }
    }
}

enum Next<T> {
    Last,
    Request(Request<Json<T>>),
    /// The server named a next page that must not be fetched (a cursor it had sent before, which
    /// would loop, or a link to another origin): why.
    Refused(String),
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
    #[doc(hidden)]
    pub async fn fetch(request: Request<Json<T>>) -> Result<Self, Error> {
        Self::fetch_after(request, Trail::default()).await
    }

    async fn fetch_after(mut request: Request<Json<T>>, mut trail: Trail<T::Item>) -> Result<Self, Error> {
        let raw = request.send_raw_keeping().await?;
        let link = match request.paging {
            Some(Paging::Link) => next_link(raw.headers()),
            _ => None,
        };
        let response: T = raw.parse().await?;
        let info = response.page_info();
        let moves_by_count = match request.paging {
            Some(Paging::PageNumber { .. }) => true,
            Some(Paging::Value(_)) => matches!(info, PageInfo::Offset { .. }),
            _ => false,
        };
        if moves_by_count {
            let first = response.items().first();
            if first.is_some() && first == trail.first_item.as_ref() {
                return Err(ignored_page(&request));
            }
            trail.first_item = first.cloned();
        }
        let received = response.items().len();
        trail.received = trail.received.saturating_add(received as u64);
        let next = match next_step(&request, info, received, &trail, link) {
            None => Next::Last,
            Some(Step::Link(link)) if !trail.cursors.insert(link.clone()) => {
                // The path only: a link's query may carry what the API echoes, credentials included.
                let path = link.split(['?', '#']).next().unwrap_or_default();
                Next::Refused(format!(
                    "the server linked to a page it had already sent (`{path}`); stopping instead of looping"
                ))
            }
            Some(Step::Link(link)) => match request.follow_link(&link) {
                Ok(next) => Next::Request(next),
                Err(Error::Pagination { message }) => Next::Refused(message),
                Err(error) => return Err(error),
            },
            Some(Step::Value(Value::String(cursor))) if !trail.cursors.insert(cursor.clone()) => Next::Refused(
                format!("the server returned the cursor `{cursor}` a second time; stopping instead of looping"),
            ),
            Some(Step::Value(value)) => {
                let mut next = request;
                if let Some(param) = next.paging.and_then(Paging::param) {
                    next.set_page(param, value);
                }
                Next::Request(next)
            }
        };
        trail.longest_page = trail.longest_page.max(received);
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
            Next::Request(request) => Ok(Some(Self::fetch_after(request.clone(), self.trail.clone()).await?)),
            Next::Refused(message) => Err(refused(message)),
        }
    }

    /// This page and the ones after it. Each page is fetched only when the stream is read past the
    /// one before it; an error ends the stream.
    pub fn into_pages(self) -> BoxStream<'static, Result<Self, Error>> {
        stream::try_unfold(Cursor::Ready(self), |cursor| async move {
            let Some(page) = cursor.page().await? else { return Ok(None) };
            // The page is handed out whole, and may be asked for its next page: the cursor copies.
            let after = match &page.next {
                Next::Last => Cursor::Done,
                Next::Request(request) => Cursor::Fetch(request.clone(), page.trail.clone()),
                Next::Refused(message) => Cursor::Fail(message.clone()),
            };
            Ok(Some((page, after)))
        })
        .boxed()
    }

    /// The items of this page and of the ones after it, fetched as the stream is read.
    pub fn into_stream(self) -> BoxStream<'static, Result<T::Item, Error>> {
        items_from(Cursor::Ready(self))
    }
}

/// How to fetch the page after the one just received.
enum Step {
    /// Send the request again with this cursor, offset or page number.
    Value(Value),
    /// Follow this link.
    Link(String),
}

/// How to fetch the page after the response to `request`, which holds `received` items, says
/// `info` and links to `link` as its next page; `None` after the last. A page without items is the
/// last, whatever it says: following it could only loop or fetch nothing.
fn next_step<T: Pageable>(
    request: &Request<Json<T>>,
    info: PageInfo,
    received: usize,
    trail: &Trail<T::Item>,
    link: Option<String>,
) -> Option<Step> {
    if received == 0 {
        return None;
    }
    match request.paging? {
        Paging::Link => link.map(Step::Link),
        Paging::PageNumber { param, first } => {
            let (total, last_page) = match info {
                PageInfo::PageNumber { total, last_page } => (total, last_page),
                _ => (None, None),
            };
            let current = request.value_of(param).and_then(|page| whole_number(&page)).unwrap_or(first);
            let done = last_page.is_some_and(|last| current >= last)
                || total.is_some_and(|total| i64::try_from(trail.received).unwrap_or(i64::MAX) >= total)
                || received < trail.longest_page;
            (!done).then(|| Step::Value(Value::from(current.saturating_add(1))))
        }
        Paging::Value(param) => next_value(request, param, info).map(Step::Value),
    }
}

/// The value `param` takes for the next page, as the page's `info` says.
fn next_value<T: Pageable>(request: &Request<Json<T>>, param: PageParam, info: PageInfo) -> Option<Value> {
    match info {
        PageInfo::Cursor { next_cursor } => next_cursor.filter(|cursor| !cursor.is_empty()).map(Value::String),
        PageInfo::CursorId { has_more, last_id } => {
            last_id.filter(|id| has_more != Some(false) && !id.is_empty()).map(Value::String)
        }
        PageInfo::Offset { received, total } => {
            let offset = request.value_of(param).and_then(|offset| whole_number(&offset)).unwrap_or(0);
            let next = offset.saturating_add(i64::try_from(received).unwrap_or(i64::MAX));
            let more = total.is_none_or(|total| next < total);
            more.then(|| Value::from(next))
        }
        PageInfo::PageNumber { .. } => None,
    }
}

/// An offset or page number as the request holds it: `10`, or `10.0` from a parameter a spec typed
/// as a `number`.
fn whole_number(text: &str) -> Option<i64> {
    text.parse()
        .ok()
        .or_else(|| text.parse::<f64>().ok().filter(|number| number.is_finite()).map(|number| number as i64))
}

/// The target of the response's `rel="next"` link (RFC 8288), if its `Link` headers have one.
fn next_link(headers: &reqwest::header::HeaderMap) -> Option<String> {
    headers
        .get_all(reqwest::header::LINK)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(links)
        .find(|(_, rel)| rel.split_ascii_whitespace().any(|rel| rel.eq_ignore_ascii_case("next")))
        .map(|(target, _)| target.to_owned())
}

/// Each `<target>; rel="..."` of one `Link` header value, as its target and its `rel`. A comma
/// inside quotes does not start another link.
fn links(header: &str) -> Vec<(&str, &str)> {
    let mut links = Vec::new();
    let mut rest = header;
    while let Some(start) = rest.find('<') {
        let Some(end) = rest[start..].find('>').map(|end| start + end) else { break };
        let params = &rest[end + 1..];
        let params_end = next_link_start(params).unwrap_or(params.len());
        let rel = params[..params_end].trim_end().trim_end_matches(',').split(';').find_map(|param| {
            let (name, value) = param.split_once('=')?;
            name.trim().eq_ignore_ascii_case("rel").then(|| value.trim().trim_matches('"'))
        });
        links.push((rest[start + 1..end].trim(), rel.unwrap_or_default()));
        rest = &params[params_end..];
    }
    links
}

/// Where the next link of a `Link` header value starts in `params`, what follows a target: the
/// first `<` after a comma outside quotes.
fn next_link_start(params: &str) -> Option<usize> {
    let mut quoted = false;
    let mut after_comma = false;
    for (index, character) in params.char_indices() {
        match character {
            '"' => quoted = !quoted,
            ',' if !quoted => after_comma = true,
            '<' if after_comma && !quoted => return Some(index),
            _ => {}
        }
    }
    None
}

/// The error for a page that repeats the one before: the server ignores the offset or page number.
fn ignored_page<T: Pageable>(request: &Request<Json<T>>) -> Error {
    let (what, value) = match request.paging {
        Some(Paging::PageNumber { param, first }) => {
            ("page", request.value_of(param).unwrap_or_else(|| first.to_string()))
        }
        paging => {
            let param = paging.and_then(Paging::param);
            ("offset", param.and_then(|param| request.value_of(param)).unwrap_or_else(|| "0".to_owned()))
        }
    };
    Error::Pagination {
        message: format!(
            "the server sent the same items at {what} {value} as on the page before: it ignores the {what}, so paging stopped instead of returning them again"
        ),
    }
}

fn refused(message: &str) -> Error {
    Error::Pagination { message: message.to_owned() }
}

/// Where a page stream stands.
enum Cursor<T: Pageable> {
    Ready(Page<T>),
    Fetch(Request<Json<T>>, Trail<T::Item>),
    Fail(String),
    Done,
}

impl<T: Pageable> Cursor<T> {
    /// The page the cursor stands at, fetched if it must be; `None` after the last.
    async fn page(self) -> Result<Option<Page<T>>, Error> {
        match self {
            Cursor::Ready(page) => Ok(Some(page)),
            Cursor::Fetch(request, trail) => Page::fetch_after(request, trail).await.map(Some),
            Cursor::Fail(message) => Err(refused(&message)),
            Cursor::Done => Ok(None),
        }
    }
}

/// Every page of `request`, fetched as the stream is read. An error ends the stream. Boxed, so that
/// `StreamExt`'s methods need no pinning.
pub fn pages<T: Pageable>(request: Request<Json<T>>) -> BoxStream<'static, Result<Page<T>, Error>> {
    stream::once(Page::fetch(request))
        .map(|first| match first {
            Ok(page) => page.into_pages(),
            Err(error) => stream::once(async { Err(error) }).boxed(),
        })
        .flatten()
        .boxed()
}

/// Every item of every page of `request`, fetched as the stream is read.
pub fn items<T: Pageable>(request: Request<Json<T>>) -> BoxStream<'static, Result<T::Item, Error>> {
    items_from(Cursor::Fetch(request, Trail::default()))
}

/// The items of the page at `cursor` and of the ones after it. No page is handed out, so each one's
/// request and trail move on to the next fetch rather than being copied (101 fewer allocations for
/// a list of 10 pages), and the stream is boxed once rather than at each of three layers.
fn items_from<T: Pageable>(cursor: Cursor<T>) -> BoxStream<'static, Result<T::Item, Error>> {
    stream::try_unfold(cursor, |cursor| async move {
        let Some(Page { response, next, trail }) = cursor.page().await? else { return Ok::<_, Error>(None) };
        let after = match next {
            Next::Last => Cursor::Done,
            Next::Request(request) => Cursor::Fetch(request, trail),
            Next::Refused(message) => Cursor::Fail(message),
        };
        Ok(Some((stream::iter(response.into_items().into_iter().map(Ok)), after)))
    })
    .try_flatten()
    .boxed()
}

/// Every item of every page of `request`, in a `Vec`: for lists known to be small.
pub async fn collect_all<T: Pageable>(request: Request<Json<T>>) -> Result<Vec<T::Item>, Error> {
    items(request).try_collect().await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_headers_give_each_target_with_its_rel() {
        let header = r#"<https://api.example/r?page=2>; rel="next", <https://api.example/r?page=9>; rel="last""#;
        assert_eq!(links(header), [("https://api.example/r?page=2", "next"), ("https://api.example/r?page=9", "last")]);
        let header = r#"</r?page=1>; rel="prev first"; title="a, <b>", </r?page=3>;rel=next"#;
        assert_eq!(links(header), [("/r?page=1", "prev first"), ("/r?page=3", "next")]);
        assert_eq!(links("<unterminated"), []);
        assert_eq!(links("no links, at all"), []);
    }

    #[test]
    fn the_next_link_is_found_in_any_of_several_headers() {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.append(reqwest::header::LINK, r#"</a>; rel="prev""#.parse().unwrap());
        headers.append(reqwest::header::LINK, r#"</b>; rel="NEXT last""#.parse().unwrap());
        assert_eq!(next_link(&headers).as_deref(), Some("/b"));
        assert_eq!(next_link(&reqwest::header::HeaderMap::new()), None);
    }
}
