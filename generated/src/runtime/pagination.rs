//! Pagination, implemented once for every scheme the SDK config can declare. A generated list
//! request implements [`Paginated`] (how to read its page and set the next cursor or offset); this
//! module decides when to stop, fetches lazily, and refuses to loop on a repeated cursor.

use std::collections::HashSet;
use std::fmt;
use std::future::Future;
use std::ops::Deref;

use futures_util::stream::{self, BoxStream, Stream, StreamExt, TryStreamExt};

use super::Error;

/// What a page says about the next one, read by generated code from the response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageInfo {
    /// The next page's cursor; none or empty means this was the last page.
    Cursor { next_cursor: Option<String> },
    /// Whether more items follow, and the id of this page's last item, which fetches them.
    CursorId { has_more: bool, last_id: Option<String> },
    /// This request's offset, how many items it returned, and how many there are in all.
    Offset { offset: i64, received: usize, total: Option<i64> },
}

/// Where the next page starts, for [`Paginated::next`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NextPage {
    Cursor(String),
    Offset(i64),
}

impl PageInfo {
    /// The next page, if there is one.
    pub fn next_page(&self) -> Option<NextPage> {
        match self {
            PageInfo::Cursor { next_cursor } => {
                next_cursor.clone().filter(|cursor| !cursor.is_empty()).map(NextPage::Cursor)
            }
            PageInfo::CursorId { has_more, last_id } => {
                last_id.clone().filter(|id| *has_more && !id.is_empty()).map(NextPage::Cursor)
            }
            PageInfo::Offset { offset, received, total } => {
                let next = offset + *received as i64;
                let more = *received > 0 && total.is_none_or(|total| next < total);
                more.then_some(NextPage::Offset(next))
            }
        }
    }
}

/// A list request that can fetch its pages one after another. Generated code implements it.
pub trait Paginated: Clone + Send + Sync + Sized + 'static {
    /// The response to one request.
    type Page: Send + Sync + 'static;
    type Item: Send + 'static;

    /// Sends this request and decodes the page.
    fn fetch(self) -> impl Future<Output = Result<Self::Page, Error>> + Send;

    fn items(page: &Self::Page) -> &[Self::Item];

    fn into_items(page: Self::Page) -> Vec<Self::Item>;

    /// What `page`, the response to this request, says about the next one.
    fn page_info(&self, page: &Self::Page) -> PageInfo;

    /// This request, moved to the next page; every other parameter and option stays.
    fn next(self, next: NextPage) -> Self;
}

/// One page of a list: its items, whether another page follows, and how to fetch it. Derefs to the
/// response, so its other fields (totals, ids) stay at hand.
pub struct Page<R: Paginated> {
    response: R::Page,
    next: Next<R>,
    /// Cursors already followed, so that a server repeating one cannot make the SDK loop forever.
    seen: HashSet<String>,
}

enum Next<R> {
    Last,
    Request(R),
    /// The server sent a cursor it had sent before: following it would loop.
    Repeated(String),
}

impl<R: Paginated> fmt::Debug for Page<R>
where
    R::Page: fmt::Debug,
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Page").field("response", &self.response).field("has_next_page", &self.has_next_page()).finish()
    }
}

impl<R: Paginated> Deref for Page<R> {
    type Target = R::Page;

    fn deref(&self) -> &R::Page {
        &self.response
    }
}

impl<R: Paginated> Page<R> {
    /// Fetches the page `request` asks for.
    pub async fn fetch(request: R) -> Result<Self, Error> {
        Self::fetch_after(request, HashSet::new()).await
    }

    async fn fetch_after(request: R, mut seen: HashSet<String>) -> Result<Self, Error> {
        let response = request.clone().fetch().await?;
        let next = match request.page_info(&response).next_page() {
            None => Next::Last,
            Some(NextPage::Cursor(cursor)) if !seen.insert(cursor.clone()) => Next::Repeated(cursor),
            Some(next) => Next::Request(request.next(next)),
        };
        Ok(Self { response, next, seen })
    }

    pub fn items(&self) -> &[R::Item] {
        R::items(&self.response)
    }

    pub fn into_items(self) -> Vec<R::Item> {
        R::into_items(self.response)
    }

    /// The response as decoded.
    pub fn response(&self) -> &R::Page {
        &self.response
    }

    pub fn into_response(self) -> R::Page {
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
            Next::Request(request) => Ok(Some(Self::fetch_after(request.clone(), self.seen.clone()).await?)),
            Next::Repeated(cursor) => Err(Error::Pagination {
                message: format!(
                    "the server returned the cursor `{cursor}` a second time; stopping instead of looping"
                ),
            }),
        }
    }

    /// This page and the ones after it. Each page is fetched only when the stream is read past the
    /// one before it; an error ends the stream.
    pub fn into_pages(self) -> BoxStream<'static, Result<Self, Error>> {
        stream::try_unfold(Cursor::Ready(self), |cursor| async move {
            let page = match cursor {
                Cursor::Ready(page) => page,
                Cursor::Fetch(request, seen) => Self::fetch_after(request, seen).await?,
                Cursor::Fail(cursor) => {
                    return Err(Error::Pagination {
                        message: format!(
                            "the server returned the cursor `{cursor}` a second time; stopping instead of looping"
                        ),
                    })
                }
                Cursor::Done => return Ok(None),
            };
            let after = match &page.next {
                Next::Last => Cursor::Done,
                Next::Request(request) => Cursor::Fetch(request.clone(), page.seen.clone()),
                Next::Repeated(cursor) => Cursor::Fail(cursor.clone()),
            };
            Ok(Some((page, after)))
        })
        .boxed()
    }

    /// The items of this page and of the ones after it, fetched as the stream is read.
    pub fn into_stream(self) -> BoxStream<'static, Result<R::Item, Error>> {
        items_of(self.into_pages())
    }
}

/// Where a page stream stands.
enum Cursor<R: Paginated> {
    Ready(Page<R>),
    Fetch(R, HashSet<String>),
    Fail(String),
    Done,
}

/// Every page of `request`, fetched as the stream is read. An error ends the stream. Boxed, so that
/// `StreamExt`'s methods need no pinning.
pub fn pages<R: Paginated>(request: R) -> BoxStream<'static, Result<Page<R>, Error>> {
    stream::once(Page::fetch(request))
        .map(|first| match first {
            Ok(page) => page.into_pages(),
            Err(error) => stream::once(async { Err(error) }).boxed(),
        })
        .flatten()
        .boxed()
}

/// Every item of every page of `request`, fetched as the stream is read.
pub fn items<R: Paginated>(request: R) -> BoxStream<'static, Result<R::Item, Error>> {
    items_of(pages(request))
}

fn items_of<R: Paginated>(
    pages: impl Stream<Item = Result<Page<R>, Error>> + Send + 'static,
) -> BoxStream<'static, Result<R::Item, Error>> {
    pages.map_ok(|page| stream::iter(page.into_items().into_iter().map(Ok))).try_flatten().boxed()
}

/// Every item of every page of `request`, in a `Vec`: for lists known to be small.
pub async fn collect_all<R: Paginated>(request: R) -> Result<Vec<R::Item>, Error> {
    items(request).try_collect().await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_scheme_knows_when_to_stop() {
        let cursor = |next: Option<&str>| PageInfo::Cursor { next_cursor: next.map(str::to_owned) }.next_page();
        assert_eq!(cursor(Some("c2")), Some(NextPage::Cursor("c2".into())));
        assert_eq!(cursor(Some("")), None);
        assert_eq!(cursor(None), None);

        let by_id = |has_more, last: Option<&str>| {
            PageInfo::CursorId { has_more, last_id: last.map(str::to_owned) }.next_page()
        };
        assert_eq!(by_id(true, Some("f9")), Some(NextPage::Cursor("f9".into())));
        assert_eq!(by_id(false, Some("f9")), None);
        assert_eq!(by_id(true, None), None);

        let offset = |offset, received, total| PageInfo::Offset { offset, received, total }.next_page();
        assert_eq!(offset(0, 50, Some(120)), Some(NextPage::Offset(50)));
        assert_eq!(offset(100, 20, Some(120)), None);
        assert_eq!(offset(100, 0, Some(500)), None, "an empty page ends the list");
        assert_eq!(offset(10, 5, None), Some(NextPage::Offset(15)));
    }
}
