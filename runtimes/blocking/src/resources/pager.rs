//! Auto-pagination: an iterator over every item of a list, page after page.

use anthropic_core::pagination::Paginated;
use anthropic_core::{Call, Error, RequestOptions};

use crate::client::Client;

/// Every item of a list endpoint, page after page (Python's auto-pagination). A page is
/// fetched only when the items before it have been handed out; paging stops by the rules
/// of [`anthropic_core::pagination`]. An error (a page that could not be fetched) is
/// yielded once and ends the iteration.
///
/// The pager owns a clone of the client (cheap: it shares the connection pool).
pub struct Pager<P: Paginated> {
    client: Client,
    options: RequestOptions,
    next: Option<Result<Call<P>, Error>>,
    buffer: std::vec::IntoIter<P::Item>,
}

impl<P: Paginated> std::fmt::Debug for Pager<P> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pager")
            .field("buffered", &self.buffer.len())
            .field("more", &self.next.is_some())
            .finish_non_exhaustive()
    }
}

impl<P: Paginated> Pager<P> {
    pub(crate) fn new(
        client: Client,
        options: RequestOptions,
        first: Result<Call<P>, Error>,
    ) -> Self {
        Pager {
            client,
            options,
            next: Some(first),
            buffer: Vec::new().into_iter(),
        }
    }

    /// Fetches the next page now and returns it whole (with its `request_id` and cursors),
    /// skipping the items of the current page not yet handed out. `None` after the last.
    pub fn next_page(&mut self) -> Option<Result<P, Error>> {
        let call = match self.next.take()? {
            Ok(call) => call,
            Err(e) => return Some(Err(e)),
        };
        let page: P = match self
            .client
            .execute(call, &self.options)
            .and_then(|raw| raw.parse())
        {
            Ok(page) => page,
            Err(e) => return Some(Err(e)),
        };
        self.next = page.next_page_call().map(Ok);
        self.buffer = Vec::new().into_iter();
        Some(Ok(page))
    }
}

impl<P: Paginated> Iterator for Pager<P> {
    type Item = Result<P::Item, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(item) = self.buffer.next() {
                return Some(Ok(item));
            }
            match self.next_page()? {
                Ok(page) => self.buffer = page.into_items().into_iter(),
                Err(e) => return Some(Err(e)),
            }
        }
    }
}
