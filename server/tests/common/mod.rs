//! `TestApp`: the real server on a free port against a fresh database.
// Shared by several test binaries, each of which uses only part of it.
#![allow(dead_code)]

use app::state::AppState;
use app::store::testing::{fresh_db, TestDb};
use leptos::config::LeptosOptions;
use std::net::SocketAddr;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub struct TestApp {
    pub addr: SocketAddr,
    pub client: reqwest::Client,
    pub test_db: TestDb,
    stop: Option<oneshot::Sender<()>>,
    server: Option<JoinHandle<std::io::Result<()>>>,
}

impl TestApp {
    pub async fn spawn() -> TestApp {
        Self::spawn_with(|_| {}).await
    }

    /// The server with its state changed by `configure` (settings).
    pub async fn spawn_with(configure: impl FnOnce(&mut AppState)) -> TestApp {
        Self::spawn_on(fresh_db().await, configure).await
    }

    /// The server on `test_db`, with its state changed by `configure`.
    pub async fn spawn_on(test_db: TestDb, configure: impl FnOnce(&mut AppState)) -> TestApp {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let leptos_options = LeptosOptions::builder()
            .output_name("jalons")
            .site_root("target/site")
            .site_addr(addr)
            .build();
        let mut state = AppState::new(leptos_options, test_db.db.clone());
        configure(&mut state);
        let (stop, stopped) = oneshot::channel::<()>();
        let server = tokio::spawn(jalons_server::serve(listener, state, async {
            stopped.await.ok();
        }));
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            // An answer that never comes fails its test, naming the
            // request, instead of holding the whole run.
            .timeout(std::time::Duration::from_secs(60))
            .build()
            .unwrap();
        TestApp {
            addr,
            client,
            test_db,
            stop: Some(stop),
            server: Some(server),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("request sent")
    }

    /// Asks the server to stop and waits until it has.
    pub async fn shut_down(mut self) -> std::io::Result<()> {
        if let Some(stop) = self.stop.take() {
            stop.send(()).ok();
        }
        self.server.take().unwrap().await.expect("server task")
    }
}

/// The `jalons_session=…` pair of a response's `Set-Cookie`, if any.
pub fn session_cookie(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get_all(reqwest::header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("jalons_session="))
        .map(|v| v.split(';').next().unwrap().to_owned())
}

/// Every field of `form` as the page's form posts it (`form[name]=…`),
/// after the top-level fields `top`, with `changes` applied to `form`'s.
pub fn form_body<T: serde::Serialize>(
    top: &[(&str, &str)],
    form: &T,
    changes: &[(&str, &str)],
) -> Vec<u8> {
    let mut pairs: Vec<(String, String)> = top
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let serde_json::Value::Object(fields) = serde_json::to_value(form).unwrap() else {
        panic!("a form is a struct")
    };
    for (name, value) in fields {
        let value = changes
            .iter()
            .find(|(changed, _)| *changed == name)
            .map(|(_, v)| v.to_string())
            .unwrap_or_else(|| value.as_str().unwrap_or_default().to_owned());
        pairs.push((format!("form[{name}]"), value));
    }
    serde_urlencoded::to_string(pairs).unwrap().into_bytes()
}
