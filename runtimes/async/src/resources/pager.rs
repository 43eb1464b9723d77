//! Auto-pagination: a stream of every item of a list, page after page.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use anthropic_core::pagination::Paginated;
use anthropic_core::{Call, Error, RequestOptions};
use futures_core::Stream;

use crate::client::Client;
use crate::runtime::Runtime;

type PageFuture<P> = Pin<Box<dyn Future<Output = Result<P, Error>> + Send>>;

/// Every item of a list endpoint, page after page (Python's auto-pagination), as a
/// `futures::Stream`. A page is fetched only when the items before it have been handed
/// out; paging stops by the rules of [`anthropic_core::pagination`]. An error (a page that
/// could not be fetched) is yielded once and ends the stream.
///
/// The pager owns a clone of the client (cheap: it shares the connection pool), so it can
/// outlive the handle that made it and move to another task.
///
/// ```no_run
/// # async fn f<R: anthropic_async::Runtime>(client: anthropic_async::Client<R>) -> Result<(), anthropic_async::Error> {
/// use futures_util::StreamExt;
/// let mut models = client.models().list_all(&Default::default());
/// while let Some(model) = models.next().await {
///     println!("{}", model?.id);
/// }
/// # Ok(()) }
/// ```
pub struct Pager<R: Runtime, P: Paginated> {
    client: Client<R>,
    options: RequestOptions,
    next: Option<Result<Call<P>, Error>>,
    fetching: Option<PageFuture<P>>,
    buffer: std::vec::IntoIter<P::Item>,
}

impl<R: Runtime, P: Paginated> std::fmt::Debug for Pager<R, P> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pager")
            .field("buffered", &self.buffer.len())
            .field("fetching", &self.fetching.is_some())
            .field("more", &self.next.is_some())
            .finish_non_exhaustive()
    }
}

// The pager never pins its fields: the page future is boxed.
impl<R: Runtime, P: Paginated> Unpin for Pager<R, P> {}

impl<R: Runtime, P: Paginated + Send + 'static> Pager<R, P> {
    pub(crate) fn new(
        client: Client<R>,
        options: RequestOptions,
        first: Result<Call<P>, Error>,
    ) -> Self {
        Pager {
            client,
            options,
            next: Some(first),
            fetching: None,
            buffer: Vec::new().into_iter(),
        }
    }

    /// Fetches the next page now and returns it whole (with its `request_id` and cursors),
    /// skipping the items of the current page not yet handed out. `None` after the last.
    pub async fn next_page(&mut self) -> Option<Result<P, Error>> {
        std::future::poll_fn(|cx| self.poll_page(cx)).await
    }

    fn poll_page(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<P, Error>>> {
        if self.fetching.is_none() {
            let call = match self.next.take() {
                None => return Poll::Ready(None),
                Some(Err(e)) => return Poll::Ready(Some(Err(e))),
                Some(Ok(call)) => call,
            };
            let client = self.client.clone();
            let options = self.options.clone();
            self.fetching = Some(Box::pin(async move {
                client.execute(call, &options).await?.parse()
            }));
        }
        let fetching = self.fetching.as_mut().expect("set above");
        let result = match fetching.as_mut().poll(cx) {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(result) => result,
        };
        self.fetching = None;
        self.buffer = Vec::new().into_iter();
        Poll::Ready(Some(result.inspect(|page| {
            self.next = page.next_page_call().map(Ok);
        })))
    }
}

impl<R: Runtime, P: Paginated + Send + 'static> Stream for Pager<R, P>
where
    P::Item: Send,
{
    type Item = Result<P::Item, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(item) = this.buffer.next() {
                return Poll::Ready(Some(Ok(item)));
            }
            match this.poll_page(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Ready(Some(Err(e))) => return Poll::Ready(Some(Err(e))),
                Poll::Ready(Some(Ok(page))) => this.buffer = page.into_items().into_iter(),
            }
        }
    }
}
