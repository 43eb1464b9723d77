//! Pagination stop rules (spec endpoints §2.3), both page shapes, both directions.

use anthropic_core::endpoints::models;
use anthropic_core::pagination::{Page, PageCursor, Paginated};
use anthropic_core::response::ResponseBody;
use anthropic_core::types::ModelListParams;
use anthropic_core::{Call, Method};
use serde_json::{Value, json};

fn page(body: Value, params: &ModelListParams) -> Page<Value> {
    let mut page: Page<Value> = serde_json::from_value(body).unwrap();
    page.set_call(&models::list(params, false).decoding("Page"));
    page
}

fn cursor_page(body: Value) -> PageCursor<Value> {
    let mut page: PageCursor<Value> = serde_json::from_value(body).unwrap();
    let call = Call::new(Method::GET, "/v1/skills", "PageCursor")
        .beta(true)
        .query_param("limit", Some(5))
        .query_param("source", Some("custom"));
    page.set_call(&call);
    page
}

fn query(call: &Call<impl Sized>) -> Vec<(String, String)> {
    call.query().to_vec()
}

fn pairs(p: &[(&str, &str)]) -> Vec<(String, String)> {
    p.iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[test]
fn forward_keeps_params_and_sets_after_id() {
    let params = ModelListParams {
        limit: Some(2),
        ..Default::default()
    };
    let p = page(
        json!({"data": [{"id": "m1"}, {"id": "m2"}], "has_more": true, "first_id": "m1", "last_id": "m2"}),
        &params,
    );
    let next = p.next_page_call().expect("a next page");
    assert_eq!(query(&next), pairs(&[("limit", "2"), ("after_id", "m2")]));
    // The cursor is replaced in place on the page after.
    let p2 = {
        let mut p2: Page<Value> = serde_json::from_value(
            json!({"data": [{"id": "m3"}], "has_more": true, "last_id": "m3"}),
        )
        .unwrap();
        p2.set_call(&next);
        p2
    };
    assert_eq!(
        query(&p2.next_page_call().unwrap()),
        pairs(&[("limit", "2"), ("after_id", "m3")])
    );
}

#[test]
fn backward_when_the_request_had_before_id() {
    let params = ModelListParams {
        before_id: Some("zz".into()),
        ..Default::default()
    };
    let p = page(
        json!({"data": [{"id": "m1"}], "has_more": true, "first_id": "m1", "last_id": "m1"}),
        &params,
    );
    assert!(p.is_backwards());
    let next = p.next_page_call().unwrap();
    assert_eq!(query(&next), pairs(&[("before_id", "m1")]));
    // Backwards without a first_id stops, even with a last_id.
    let p = page(
        json!({"data": [{"id": "m1"}], "has_more": true, "last_id": "m1"}),
        &params,
    );
    assert!(p.next_page_call().is_none());
}

#[test]
fn both_cursors_given_pages_backwards_and_resends_after_id() {
    let params = ModelListParams {
        after_id: Some("a".into()),
        before_id: Some("b".into()),
        ..Default::default()
    };
    let p = page(
        json!({"data": [{"id": "m1"}], "has_more": true, "first_id": "m1"}),
        &params,
    );
    assert_eq!(
        query(&p.next_page_call().unwrap()),
        pairs(&[("after_id", "a"), ("before_id", "m1")])
    );
}

#[test]
fn stop_rules() {
    let params = ModelListParams::default();
    let cases = [
        // has_more exactly false stops.
        (
            json!({"data": [{"id": "m1"}], "has_more": false, "last_id": "m1"}),
            false,
        ),
        // null or missing has_more does not stop.
        (
            json!({"data": [{"id": "m1"}], "has_more": null, "last_id": "m1"}),
            true,
        ),
        (json!({"data": [{"id": "m1"}], "last_id": "m1"}), true),
        // Empty data stops, whatever has_more says.
        (
            json!({"data": [], "has_more": true, "last_id": "m1"}),
            false,
        ),
        // A missing, null or empty cursor stops.
        (json!({"data": [{"id": "m1"}], "has_more": true}), false),
        (
            json!({"data": [{"id": "m1"}], "has_more": true, "last_id": null}),
            false,
        ),
        (
            json!({"data": [{"id": "m1"}], "has_more": true, "last_id": ""}),
            false,
        ),
    ];
    for (body, more) in cases {
        let p = page(body.clone(), &params);
        assert_eq!(p.has_next_page(), more, "{body}");
    }
    // A page built by hand knows no request: no next page.
    let mut hand = Page::new(vec![json!({"id": "x"})]);
    hand.has_more = Some(true);
    hand.last_id = Some("x".into());
    assert!(!hand.has_next_page());
}

#[test]
fn cursor_pages_send_page_token_and_stop_by_the_same_rules() {
    let p = cursor_page(json!({"data": [{"id": "s1"}], "has_more": true, "next_page": "tok"}));
    let next = p.next_page_call().unwrap();
    assert_eq!(
        query(&next),
        pairs(&[
            ("beta", "true"),
            ("limit", "5"),
            ("source", "custom"),
            ("page", "tok")
        ])
    );
    for body in [
        json!({"data": [{"id": "s1"}], "has_more": false, "next_page": "tok"}),
        json!({"data": [], "has_more": true, "next_page": "tok"}),
        json!({"data": [{"id": "s1"}], "has_more": true, "next_page": null}),
        json!({"data": [{"id": "s1"}], "has_more": true, "next_page": ""}),
    ] {
        assert!(!cursor_page(body.clone()).has_next_page(), "{body}");
    }
    assert!(
        cursor_page(json!({"data": [{"id": "s1"}], "next_page": "t"})).has_next_page(),
        "missing has_more does not stop"
    );
}

#[test]
fn a_page_round_trips_without_its_request() {
    let body = json!({"data": [{"id": "m1"}], "has_more": true, "first_id": "m1", "last_id": "m1", "future": 1});
    let p = page(body.clone(), &ModelListParams::default());
    assert_eq!(serde_json::to_value(&p).unwrap(), body);
}

/// A cursor given in the per-request options' query is the first page's; the pages
/// after it move on (Python merges the next cursor over `extra_query`), and a
/// `before_id` given that way pages backwards.
#[test]
fn a_cursor_in_the_options_query_starts_the_walk_and_the_pages_move_on() {
    use anthropic_core::{ClientConfig, Exchange, RequestOptions, Timestamp};
    use http::{HeaderMap, StatusCode};

    let config = ClientConfig::new().api_key("sk-test");
    let options = RequestOptions::new()
        .query("after_id", "zz")
        .query("flag", "1");
    let send = |call: Call<Page<Value>>, options: &RequestOptions| {
        Exchange::new(&config, call, options, Timestamp::ZERO).unwrap()
    };
    let sent_query = |exchange: &mut Exchange<Page<Value>>| {
        let attempt = exchange.start_attempt(Timestamp::ZERO).unwrap();
        attempt.request.uri().query().unwrap_or_default().to_owned()
    };
    let params = ModelListParams {
        limit: Some(1),
        ..Default::default()
    };
    let mut exchange = send(models::list(&params, false).decoding("Page"), &options);
    assert_eq!(sent_query(&mut exchange), "limit=1&after_id=zz&flag=1");
    let body = json!({"data": [{"id": "m4"}], "has_more": true, "first_id": "m4", "last_id": "m4"});
    let page = exchange
        .finish(
            StatusCode::OK,
            &HeaderMap::new(),
            body.to_string().as_bytes(),
        )
        .unwrap();
    let mut exchange = send(page.next_page_call().unwrap(), &options);
    assert_eq!(sent_query(&mut exchange), "limit=1&after_id=m4&flag=1");
    let body = json!({"data": [{"id": "m5"}], "has_more": true, "first_id": "m5", "last_id": "m5"});
    let page = exchange
        .finish(
            StatusCode::OK,
            &HeaderMap::new(),
            body.to_string().as_bytes(),
        )
        .unwrap();
    assert_eq!(
        query(&page.next_page_call().unwrap()),
        pairs(&[("limit", "1"), ("after_id", "m5"), ("flag", "1")])
    );

    let backwards = RequestOptions::new().query("before_id", "zz");
    let exchange = send(models::list(&params, false).decoding("Page"), &backwards);
    let page = exchange
        .finish(
            StatusCode::OK,
            &HeaderMap::new(),
            body.to_string().as_bytes(),
        )
        .unwrap();
    assert!(page.is_backwards());
    let mut exchange = send(page.next_page_call().unwrap(), &backwards);
    assert_eq!(sent_query(&mut exchange), "limit=1&before_id=m5");
}

/// `data` missing or `null` is an empty last page, as in Python (spec endpoints §2.3).
#[test]
fn a_page_without_data_is_an_empty_last_page() {
    let params = ModelListParams::default();
    for body in [
        json!({"data": null, "has_more": true, "first_id": "a", "last_id": "a"}),
        json!({"has_more": true, "first_id": "a", "last_id": "a"}),
    ] {
        let p = page(body.clone(), &params);
        assert!(p.data.is_empty(), "{body}");
        assert!(!p.has_next_page(), "{body}");
        assert!(p.next_page_call().is_none(), "{body}");
    }
    for body in [
        json!({"data": null, "has_more": true, "next_page": "p2"}),
        json!({"has_more": true, "next_page": "p2"}),
    ] {
        let p = cursor_page(body.clone());
        assert!(p.data.is_empty(), "{body}");
        assert!(!p.has_next_page(), "{body}");
    }
}
