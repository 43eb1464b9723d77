//! `client.models()`.

use std::marker::PhantomData;

use anthropic_core::endpoints::models;
use anthropic_core::pagination::{NextPage, Page};
use anthropic_core::types::{AnthropicBeta, ModelInfo, ModelListParams};
use anthropic_core::{Error, RequestOptions};

use crate::client::Client;
use anthropic_core::response::{Parsed, Raw, ResponseMode};

/// The Models API.
#[derive(Debug, Clone)]
pub struct Models<'a, M = Parsed> {
    client: &'a Client,
    beta: bool,
    options: RequestOptions,
    _mode: PhantomData<M>,
}

impl<'a> Models<'a, Parsed> {
    pub(crate) fn new(client: &'a Client, beta: bool) -> Self {
        Models {
            client,
            beta,
            options: RequestOptions::default(),
            _mode: PhantomData,
        }
    }

    /// Every model, page after page, fetched lazily as the iterator advances (Python's
    /// auto-pagination over `models.list`).
    pub fn list_all(
        &self,
        params: &ModelListParams,
    ) -> impl Iterator<Item = Result<ModelInfo, Error>> + 'a {
        let client = self.client;
        let beta = self.beta;
        let options = self.options.clone();
        let backwards = params.before_id.is_some() && params.after_id.is_none();
        let mut params = Some(params.clone());
        let mut buffer = std::vec::IntoIter::default();
        std::iter::from_fn(move || {
            loop {
                if let Some(item) = buffer.next() {
                    return Some(Ok(item));
                }
                let current = params.take()?;
                let page: Page<ModelInfo> = match client
                    .execute(models::list(&current, beta), &options)
                    .and_then(|r| r.parse())
                {
                    Ok(page) => page,
                    Err(e) => return Some(Err(e)),
                };
                params = page.next_page(backwards).map(|next| {
                    let mut next_params = current.clone();
                    match next {
                        NextPage::After(id) => next_params.after_id = Some(id),
                        NextPage::Before(id) => next_params.before_id = Some(id),
                    }
                    next_params
                });
                buffer = page.data.into_iter();
            }
        })
    }
}

impl<'a, M: ResponseMode> Models<'a, M> {
    /// Applies per-request options to the calls made through this handle.
    pub fn with_options(mut self, options: RequestOptions) -> Self {
        self.options = options;
        self
    }

    /// Returns raw responses instead of parsed values.
    pub fn with_raw_response(self) -> Models<'a, Raw> {
        Models {
            client: self.client,
            beta: self.beta,
            options: self.options,
            _mode: PhantomData,
        }
    }

    /// One page of models (`GET /v1/models`), most recent first.
    pub fn list(&self, params: &ModelListParams) -> Result<M::Output<Page<ModelInfo>>, Error> {
        M::finish(
            self.client
                .execute(models::list(params, self.beta), &self.options)?,
        )
    }

    /// One model by id or alias (`GET /v1/models/{model_id}`).
    pub fn retrieve(&self, model_id: &str) -> Result<M::Output<ModelInfo>, Error> {
        self.retrieve_with_betas(model_id, &[])
    }

    /// [`retrieve`](Self::retrieve) with `anthropic-beta` values.
    pub fn retrieve_with_betas(
        &self,
        model_id: &str,
        betas: &[AnthropicBeta],
    ) -> Result<M::Output<ModelInfo>, Error> {
        let call = models::retrieve(model_id, betas, self.beta)?;
        M::finish(self.client.execute(call, &self.options)?)
    }
}
