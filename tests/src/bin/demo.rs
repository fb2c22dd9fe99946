//! A tour of the generated DeepTable SDK against a fake DeepTable server on loopback: no account,
//! no network. Run it with `cargo run -p sdk-tests --bin demo`; set `DEEPTABLE_LOG=info` (or `debug`) to
//! see the SDK log each request on stderr.

use files_sdk::deeptable::{Client, Error, UploadFile};

#[tokio::main]
async fn main() -> Result<(), Error> {
    let base_url = sdk_tests::fake_deeptable::start("demo-key").await;
    println!("fake DeepTable API listening on {base_url}\n");
    let client = Client::builder().api_key("demo-key").base_url(&base_url).build()?;
    println!("client: {client:?}\n");

    for (name, rows) in [("q1_report.xlsx", 3), ("q2_report.xlsx", 5)] {
        let content = format!("PK\u{3}\u{4} fake spreadsheet with {rows} rows");
        let file = client.files().upload().file(UploadFile::from_bytes(content).file_name(name)).send().await?;
        println!("uploaded  {} as {} ({} bytes, {})", file.file_name, file.id, file.size, file.content_type);
    }

    let page = client.files().list().limit(20).send().await?;
    println!("\nlisted    {} files (has_more: {}):", page.data.len(), page.has_more);
    for file in &page.data {
        println!("          - {} {} uploaded {}", file.id, file.file_name, file.created_at);
    }

    let first = &page.data[0];
    let bytes = client.files().download(&first.id).send().await?.bytes().await?;
    println!("\ndownloaded {} bytes of {}: {:?}", bytes.len(), first.file_name, String::from_utf8_lossy(&bytes));

    let deleted = client.files().delete(&first.id).send().await?;
    println!("deleted   {} (deleted: {})", deleted.id, deleted.deleted);

    match client.files().retrieve(&first.id).send().await {
        Err(error @ Error::NotFound(_)) => println!("retrieve after delete: {error}"),
        other => println!("unexpected: {other:?}"),
    }
    Ok(())
}
