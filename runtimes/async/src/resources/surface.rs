//! How the async client runs each kind of row of [`anthropic_core::api_surface!`]: the
//! expansion macro that turns the table into handle types and methods.

/// Expands the API table into async resource handles (see the core's `endpoints::surface`
/// docs for the row kinds).
macro_rules! async_surface {
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
        #[derive(Debug)]
        pub struct $Res<'a, R: Runtime, M = Parsed> {
            pub(crate) client: &'a Client<R>,
            pub(crate) beta: bool,
            pub(crate) options: RequestOptions,
            _mode: PhantomData<fn() -> M>,
        }

        impl<R: Runtime, M> Clone for $Res<'_, R, M> {
            fn clone(&self) -> Self {
                $Res {
                    client: self.client,
                    beta: self.beta,
                    options: self.options.clone(),
                    _mode: PhantomData,
                }
            }
        }

        impl<'a, R: Runtime> $Res<'a, R, Parsed> {
            #[allow(dead_code)]
            pub(crate) fn new(client: &'a Client<R>, beta: bool) -> Self {
                $Res { client, beta, options: RequestOptions::default(), _mode: PhantomData }
            }
        }

        impl<'a, R: Runtime, M: Mode<R>> $Res<'a, R, M> {
            /// Adds per-request options (timeout, retries, extra headers, query and
            /// body) to the calls made through this handle, merged over the ones it
            /// already has ([`RequestOptions::merge`]: the newer wins where both set a
            /// value), so chained calls all take effect.
            pub fn with_options(mut self, options: RequestOptions) -> Self {
                self.options = std::mem::take(&mut self.options).merge(options);
                self
            }

            /// Returns raw responses (status, headers, body) instead of parsed values.
            pub fn with_raw_response(self) -> $Res<'a, R, Raw> {
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
            pub fn with_streaming_response(self) -> $Res<'a, R, Streaming> {
                $Res {
                    client: self.client,
                    beta: self.beta,
                    options: self.options,
                    _mode: PhantomData,
                }
            }

            /// The page after `page` (`None` after the last page), asked for with this
            /// handle's options.
            pub async fn next_page<P: Paginated>(
                &self,
                page: &P,
            ) -> Result<Option<M::Output<P>>, Error> {
                match page.next_page_call() {
                    Some(call) => Ok(Some(M::run(self.client, call, &self.options).await?)),
                    None => Ok(None),
                }
            }

            $(
                $(#[$sdoc])*
                pub fn $sub(&self) -> $Sub<'a, R, M> {
                    $Sub {
                        client: self.client,
                        beta: self.beta,
                        options: self.options.clone(),
                        _mode: PhantomData,
                    }
                }
            )*

            $(
                async_surface!(@method $kind [$(#[$mdoc])*] $name $(/ $all)?
                    ($($arg : $ty),*) $(-> $out)? = $call);
            )*
        }
    )*};

    (@method json [$($doc:tt)*] $name:ident ($($arg:ident : $ty:ty),*) -> $out:ty = $call:expr) => {
        $($doc)*
        pub async fn $name(&self, $($arg: $ty),*) -> Result<M::Output<$out>, Error> {
            let call = IntoCall::into_call(($call)(self.beta))?;
            M::run(self.client, call, &self.options).await
        }
    };

    (@method list [$($doc:tt)*] $name:ident / $all:ident ($($arg:ident : $ty:ty),*) -> $out:ty = $call:expr) => {
        $($doc)*
        pub async fn $name(&self, $($arg: $ty),*) -> Result<M::Output<$out>, Error> {
            let call = IntoCall::into_call(($call)(self.beta))?;
            M::run(self.client, call, &self.options).await
        }

        /// Every item across pages, fetched lazily as the stream is polled (Python's
        /// auto-pagination); see [`Pager`].
        pub fn $all(&self, $($arg: $ty),*) -> Pager<R, $out> {
            Pager::new(self.client.clone(), self.options.clone(), IntoCall::into_call(($call)(self.beta)))
        }
    };

    (@method lines [$($doc:tt)*] $name:ident ($($arg:ident : $ty:ty),*) -> $out:ty = $call:expr) => {
        $($doc)*
        pub async fn $name(&self, $($arg: $ty),*) -> Result<ItemStream<R, JsonlItems<$out>>, Error> {
            let (first, then) = ($call)(self.beta);
            let first = self
                .client
                .execute(IntoCall::into_call(first)?, &first_call_options(&self.options))
                .await?
                .parse()?;
            ItemStream::open(self.client, then(&first)?, &self.options).await
        }
    };

    (@method bytes [$($doc:tt)*] $name:ident ($($arg:ident : $ty:ty),*) = $call:expr) => {
        $($doc)*
        pub async fn $name(&self, $($arg: $ty),*) -> Result<ByteStream<R>, Error> {
            ByteStream::open(self.client, IntoCall::into_call(($call)(self.beta))?, &self.options).await
        }
    };

    (@method items [$($doc:tt)*] $name:ident ($($arg:ident : $ty:ty),*) -> $out:ty = $call:expr) => {
        $($doc)*
        pub async fn $name(&self, $($arg: $ty),*) -> Result<ItemStream<R, $out>, Error> {
            ItemStream::open(self.client, IntoCall::into_call(($call)(self.beta))?, &self.options).await
        }
    };

    (@method events [$($doc:tt)*] $name:ident ($($arg:ident : $ty:ty),*) = $call:expr) => {
        $($doc)*
        pub async fn $name(&self, $($arg: $ty),*) -> Result<EventStream<R>, Error> {
            let call = IntoCall::into_call(($call)(self.beta))?;
            EventStream::open(self.client, call, &self.options).await
        }
    };

    (@method helper [$($doc:tt)*] $name:ident ($($arg:ident : $ty:ty),*) = $call:expr) => {
        $($doc)*
        pub async fn $name(&self, $($arg: $ty),*) -> Result<MessageStream<R>, Error> {
            let call = IntoCall::into_call(($call)(self.beta))?;
            MessageStream::open(self.client, call, &self.options).await
        }
    };
}

/// The type aliases of a runtime crate, one per resource of the API table:
/// `anthropic_async::runtime_aliases!(Tokio);` in `anthropic-tokio` defines
/// `pub type Messages<'a, M = Parsed> = anthropic_async::Messages<'a, Tokio, M>;` and so on
/// for every resource, so a new resource needs no line in the runtime crates. It also
/// defines the aliases of the handles the calls return (`Pager`, `ByteStream`,
/// `StreamingResponse`, `JsonlStream`, `CompletionStream`, `EventStream`,
/// `MessageStream`), so every runtime crate exports the same set.
#[macro_export]
macro_rules! runtime_aliases {
    ($rt:ty) => {
        $crate::__core::api_surface!($crate::__alias_surface; $rt);
        #[doc = concat!("Auto-pagination over a list on `", stringify!($rt), "`: a stream of items across pages.")]
        pub type Pager<P> = $crate::Pager<$rt, P>;
        #[doc = concat!("A response body read as it arrives (file downloads) on `", stringify!($rt), "`.")]
        pub type ByteStream = $crate::ByteStream<$rt>;
        #[doc = concat!("A response with its head arrived and its body to read (`with_streaming_response()`) on `", stringify!($rt), "`.")]
        pub type StreamingResponse<T> = $crate::StreamingResponse<$rt, T>;
        #[doc = concat!("JSON lines decoded as they arrive (batch results) on `", stringify!($rt), "`.")]
        pub type JsonlStream<T> = $crate::JsonlStream<$rt, T>;
        #[doc = concat!("A streamed legacy completion on `", stringify!($rt), "`.")]
        pub type CompletionStream = $crate::CompletionStream<$rt>;
        #[doc = concat!("A raw event stream on `", stringify!($rt), "`.")]
        pub type EventStream = $crate::EventStream<$rt>;
        #[doc = concat!("The stream helper on `", stringify!($rt), "`: events accumulated into the message as they arrive.")]
        pub type MessageStream = $crate::MessageStream<$rt>;
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __alias_surface {
    ([$rt:ty] $(
        $(#[$rdoc:meta])*
        resource $Res:ident { $($body:tt)* }
    )*) => {$(
        $(#[$rdoc])*
        pub type $Res<'a, M = $crate::Parsed> = $crate::$Res<'a, $rt, M>;
    )*};
}
