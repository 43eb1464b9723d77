//! `client.models()`.

use std::marker::PhantomData;

use anthropic_core::endpoints::models;
use anthropic_core::pagination::{NextPage, Page};
use anthropic_core::types::{AnthropicBeta, ModelInfo, ModelListParams};
use anthropic_core::{Error, RequestOptions};
use futures_core::Stream;

use crate::client::Client;
use crate::runtime::Runtime;
use anthropic_core::response::{Parsed, Raw, ResponseMode};

/// The Models API.
#[derive(Debug)]
pub struct Models<'a, R: Runtime, M = Parsed> {
    client: &'a Client<R>,
    beta: bool,
    options: RequestOptions,
    _mode: PhantomData<fn() -> M>,
}

impl<R: Runtime, M> Clone for Models<'_, R, M> {
    fn clone(&self) -> Self {
        Models {
            client: self.client,
            beta: self.beta,
            options: self.options.clone(),
            _mode: PhantomData,
        }
    }
}

/// Where `list_all` is between pages.
struct Pager<R: Runtime> {
    client: Client<R>,
    beta: bool,
    options: RequestOptions,
    backwards: bool,
    next: Option<ModelListParams>,
    buffer: std::vec::IntoIter<ModelInfo>,
}

impl<'a, R: Runtime> Models<'a, R, Parsed> {
    pub(crate) fn new(client: &'a Client<R>, beta: bool) -> Self {
        Models {
            client,
            beta,
            options: RequestOptions::default(),
            _mode: PhantomData,
        }
    }

    /// Every model, page after page, fetched lazily as the stream is polled (Python's
    /// auto-pagination over `models.list`). The stream owns a clone of the client, so it
    /// can outlive this handle and be moved to another task.
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
    pub fn list_all(
        &self,
        params: &ModelListParams,
    ) -> impl Stream<Item = Result<ModelInfo, Error>> + Send + Unpin + use<R> {
        let pager = Pager {
            client: self.client.clone(),
            beta: self.beta,
            options: self.options.clone(),
            backwards: params.before_id.is_some() && params.after_id.is_none(),
            next: Some(params.clone()),
            buffer: Vec::new().into_iter(),
        };
        Box::pin(futures_util::stream::unfold(
            pager,
            |mut pager| async move {
                loop {
                    if let Some(item) = pager.buffer.next() {
                        return Some((Ok(item), pager));
                    }
                    let current = pager.next.take()?;
                    let call = models::list(&current, pager.beta);
                    let page: Page<ModelInfo> =
                        match pager.client.execute(call, &pager.options).await {
                            Ok(raw) => match raw.parse() {
                                Ok(page) => page,
                                Err(e) => return Some((Err(e), pager)),
                            },
                            Err(e) => return Some((Err(e), pager)),
                        };
                    pager.next = page.next_page(pager.backwards).map(|next| {
                        let mut params = current.clone();
                        match next {
                            NextPage::After(id) => params.after_id = Some(id),
                            NextPage::Before(id) => params.before_id = Some(id),
                        }
                        params
                    });
                    pager.buffer = page.data.into_iter();
                }
            },
        ))
    }
}

impl<'a, R: Runtime, M: ResponseMode> Models<'a, R, M> {
    /// Applies per-request options to the calls made through this handle.
    pub fn with_options(mut self, options: RequestOptions) -> Self {
        self.options = options;
        self
    }

    /// Returns raw responses instead of parsed values.
    pub fn with_raw_response(self) -> Models<'a, R, Raw> {
        Models {
            client: self.client,
            beta: self.beta,
            options: self.options,
            _mode: PhantomData,
        }
    }

    /// One page of models (`GET /v1/models`), most recent first.
    pub async fn list(
        &self,
        params: &ModelListParams,
    ) -> Result<M::Output<Page<ModelInfo>>, Error> {
        let call = models::list(params, self.beta);
        M::finish(self.client.execute(call, &self.options).await?)
    }

    /// One model by id or alias (`GET /v1/models/{model_id}`).
    pub async fn retrieve(&self, model_id: &str) -> Result<M::Output<ModelInfo>, Error> {
        self.retrieve_with_betas(model_id, &[]).await
    }

    /// [`retrieve`](Self::retrieve) with `anthropic-beta` values.
    pub async fn retrieve_with_betas(
        &self,
        model_id: &str,
        betas: &[AnthropicBeta],
    ) -> Result<M::Output<ModelInfo>, Error> {
        let call = models::retrieve(model_id, betas, self.beta)?;
        M::finish(self.client.execute(call, &self.options).await?)
    }
}
