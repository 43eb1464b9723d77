//! How the blocking client runs each kind of row of [`anthropic_core::api_surface!`]:
//! the expansion macro that turns the table into handle types and methods.

/// Expands the API table into blocking resource handles (see the core's
/// `endpoints::surface` docs for the row kinds).
macro_rules! blocking_surface {
    ([] $(
        $(#[$rdoc:meta])*
        resource $Res:ident {
            sub { $( $(#[$sdoc:meta])* $sub:ident -> $Sub:ident; )* }
            $(
                $(#[$mdoc:meta])*
                $kind:ident $name:ident $(/ $all:ident)? ( $($arg:ident : $ty:ty),* $(,)? )
                    $(-> $out:ty)? = $call:expr;
            )*
        }
    )*) => {$(
        $(#[$rdoc])*
        ///
        /// A handle: cheap to make and clone. `with_options` adds per-request options for
        /// the calls made through it, `with_raw_response` makes its methods return
        /// [`RawResponse`](anthropic_core::response::RawResponse)s, and
        /// `with_streaming_response` [`StreamingResponse`](crate::StreamingResponse)s.
        #[derive(Debug, Clone)]
        pub struct $Res<'a, M = Parsed> {
            pub(crate) client: &'a Client,
            pub(crate) beta: bool,
            pub(crate) options: RequestOptions,
            _mode: PhantomData<fn() -> M>,
        }

        impl<'a> $Res<'a, Parsed> {
            #[allow(dead_code)]
            pub(crate) fn new(client: &'a Client, beta: bool) -> Self {
                $Res { client, beta, options: RequestOptions::default(), _mode: PhantomData }
            }
        }

        impl<'a, M: Mode> $Res<'a, M> {
            /// Adds per-request options (timeout, retries, extra headers, query and
            /// body) to the calls made through this handle, merged over the ones it
            /// already has ([`RequestOptions::merge`]: the newer wins where both set a
            /// value), so chained calls all take effect.
            pub fn with_options(mut self, options: RequestOptions) -> Self {
                self.options = std::mem::take(&mut self.options).merge(options);
                self
            }

            /// Returns raw responses (status, headers, body) instead of parsed values.
            pub fn with_raw_response(self) -> $Res<'a, Raw> {
                $Res {
                    client: self.client,
                    beta: self.beta,
                    options: self.options,
                    _mode: PhantomData,
                }
            }

            /// Returns each response as soon as its head arrives, with the body to read as
            /// it comes ([`StreamingResponse`](crate::StreamingResponse); Python's
            /// `with_streaming_response`). Methods that already stream (events, the stream
            /// helper, downloads, results) are unchanged.
            pub fn with_streaming_response(self) -> $Res<'a, Streaming> {
                $Res {
                    client: self.client,
                    beta: self.beta,
                    options: self.options,
                    _mode: PhantomData,
                }
            }

            /// The page after `page` (`None` after the last page), asked for with this
            /// handle's options.
            pub fn next_page<P: Paginated>(&self, page: &P) -> Result<Option<M::Output<P>>, Error> {
                match page.next_page_call() {
                    Some(call) => Ok(Some(M::run(self.client, call, &self.options)?)),
                    None => Ok(None),
                }
            }

            $(
                $(#[$sdoc])*
                pub fn $sub(&self) -> $Sub<'a, M> {
                    $Sub {
                        client: self.client,
                        beta: self.beta,
                        options: self.options.clone(),
                        _mode: PhantomData,
                    }
                }
            )*

            $(
                blocking_surface!(@method $kind [$(#[$mdoc])*] $name $(/ $all)?
                    ($($arg : $ty),*) $(-> $out)? = $call);
            )*
        }
    )*};

    (@method json [$($doc:tt)*] $name:ident ($($arg:ident : $ty:ty),*) -> $out:ty = $call:expr) => {
        $($doc)*
        pub fn $name(&self, $($arg: $ty),*) -> Result<M::Output<$out>, Error> {
            let call = IntoCall::into_call(($call)(self.beta))?;
            M::run(self.client, call, &self.options)
        }
    };

    (@method list [$($doc:tt)*] $name:ident / $all:ident ($($arg:ident : $ty:ty),*) -> $out:ty = $call:expr) => {
        $($doc)*
        pub fn $name(&self, $($arg: $ty),*) -> Result<M::Output<$out>, Error> {
            let call = IntoCall::into_call(($call)(self.beta))?;
            M::run(self.client, call, &self.options)
        }

        /// Every item across pages, fetched lazily as the iterator advances (Python's
        /// auto-pagination); see [`Pager`].
        pub fn $all(&self, $($arg: $ty),*) -> Pager<$out> {
            Pager::new(self.client.clone(), self.options.clone(), IntoCall::into_call(($call)(self.beta)))
        }
    };

    (@method lines [$($doc:tt)*] $name:ident ($($arg:ident : $ty:ty),*) -> $out:ty = $call:expr) => {
        $($doc)*
        pub fn $name(&self, $($arg: $ty),*) -> Result<ItemStream<JsonlItems<$out>>, Error> {
            let (first, then) = ($call)(self.beta);
            let first = self
                .client
                .execute(IntoCall::into_call(first)?, &first_call_options(&self.options))?
                .parse()?;
            ItemStream::open(self.client, then(&first)?, &self.options)
        }
    };

    (@method bytes [$($doc:tt)*] $name:ident ($($arg:ident : $ty:ty),*) = $call:expr) => {
        $($doc)*
        pub fn $name(&self, $($arg: $ty),*) -> Result<ByteStream, Error> {
            ByteStream::open(self.client, IntoCall::into_call(($call)(self.beta))?, &self.options)
        }
    };

    (@method items [$($doc:tt)*] $name:ident ($($arg:ident : $ty:ty),*) -> $out:ty = $call:expr) => {
        $($doc)*
        pub fn $name(&self, $($arg: $ty),*) -> Result<ItemStream<$out>, Error> {
            ItemStream::open(self.client, IntoCall::into_call(($call)(self.beta))?, &self.options)
        }
    };

    (@method events [$($doc:tt)*] $name:ident ($($arg:ident : $ty:ty),*) = $call:expr) => {
        $($doc)*
        pub fn $name(&self, $($arg: $ty),*) -> Result<EventStream, Error> {
            EventStream::open(self.client, IntoCall::into_call(($call)(self.beta))?, &self.options)
        }
    };

    (@method helper [$($doc:tt)*] $name:ident ($($arg:ident : $ty:ty),*) = $call:expr) => {
        $($doc)*
        pub fn $name(&self, $($arg: $ty),*) -> Result<MessageStream, Error> {
            MessageStream::open(self.client, IntoCall::into_call(($call)(self.beta))?, &self.options)
        }
    };
}
