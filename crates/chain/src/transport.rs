//! The connection to a node: a WebSocket over a TCP stream that acknowledges what it receives
//! at once.
//!
//! The node's RPC server writes small frames with Nagle's algorithm on: a frame written while
//! the one before is unacknowledged waits for the acknowledgement, and a client with nothing to
//! send acknowledges only when its delayed-ACK timer fires (~40 ms on Linux). A transaction's
//! statuses, two answers in a row and a request right after a subscription all hit this: on
//! an instant-seal node most of a command's time was these waits. Turning on TCP_QUICKACK after
//! every read (the kernel leaves quickack mode by itself) makes the client acknowledge at once.
//! `wss://` URLs keep jsonrpsee's own TLS transport (a remote node's round trip dwarfs 40 ms).

use jsonrpsee::client_transport::ws::{Url, WsTransportClientBuilder};
use jsonrpsee::core::client::{Client, Error};
use std::pin::Pin;
use std::task::{Context, Poll};
use subxt::backend::rpc::RpcClient;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;

/// How long opening the TCP connection may take.
const CONNECT_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// Subscription notifications a client buffers (as subxt's own client does).
const SUBSCRIPTION_BUFFER: usize = 4096;

/// A TCP stream that acknowledges every read at once (Linux; elsewhere a plain stream).
struct QuickAck(TcpStream);

impl QuickAck {
    fn acknowledge_now(&self) {
        #[cfg(target_os = "linux")]
        {
            let _ = socket2::SockRef::from(&self.0).set_tcp_quickack(true);
        }
    }
}

impl AsyncRead for QuickAck {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let read = Pin::new(&mut self.0).poll_read(cx, buf);
        if read.is_ready() {
            self.acknowledge_now();
        }
        read
    }
}

impl AsyncWrite for QuickAck {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.0).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.0).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.0).poll_shutdown(cx)
    }
}

/// An RPC client for `url`: over a quick-acknowledging stream for `ws://`, jsonrpsee's own
/// transport for `wss://`.
pub(crate) async fn connect(url: &str) -> Result<RpcClient, subxt::Error> {
    let transport_err = |e: String| {
        subxt::Error::Rpc(subxt::error::RpcError::ClientError(Box::new(
            Error::Transport(e.into()),
        )))
    };
    let parsed = Url::parse(url).map_err(|e| transport_err(e.to_string()))?;
    if parsed.scheme() != "ws" {
        return RpcClient::from_insecure_url(url).await;
    }
    let host = parsed
        .host_str()
        .ok_or_else(|| transport_err(format!("no host in {url}")))?;
    // An IPv6 literal comes bracketed in a URL (`ws://[::1]:9944`), bare in a socket address.
    let host = host
        .trim_start_matches('[')
        .trim_end_matches(']')
        .to_string();
    let port = parsed.port_or_known_default().unwrap_or(80);
    let stream = tokio::time::timeout(CONNECT_TIMEOUT, TcpStream::connect((host.as_str(), port)))
        .await
        .map_err(|_| transport_err(format!("no answer within {CONNECT_TIMEOUT:?}")))?
        .map_err(|e| transport_err(e.to_string()))?;
    let _ = stream.set_nodelay(true);
    let (sender, receiver) = WsTransportClientBuilder::default()
        .build_with_stream(parsed, QuickAck(stream))
        .await
        .map_err(|e| transport_err(e.to_string()))?;
    let client = Client::builder()
        .max_buffer_capacity_per_subscription(SUBSCRIPTION_BUFFER)
        .build_with_tokio(sender, receiver);
    Ok(RpcClient::new(client))
}
