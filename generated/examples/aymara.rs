//! Upload (batch, through upload URLs), wait for processing, list every page, download and delete
//! with the Aymara SDK.
//!
//! With `AYMARA_AI_API_KEY` set this talks to Aymara; without it, to a local fake of the API that it
//! starts itself. Run it with `cargo run -p files-sdk --example aymara`.

mod support;

use files_sdk::aymara::{Client, Error, UploadFile, WaitOptions};
use futures_util::TryStreamExt;

#[tokio::main]
async fn main() -> Result<(), Error> {
    let client = match std::env::var("AYMARA_AI_API_KEY") {
        Ok(_) => Client::from_env()?,
        Err(_) => {
            let url = support::aymara().await;
            println!("AYMARA_AI_API_KEY is not set: using a local fake of the Aymara API at {url}");
            Client::builder().api_key("example-key").base_url(url).build()?
        }
    };

    let files = vec![
        UploadFile::from_bytes(&b"prompt,answer\nhi,hello\n"[..]).file_name("answers.csv"),
        UploadFile::from_bytes(&b"a short document"[..]).file_name("notes.txt"),
    ];
    let registered = client.files().upload_files(files, None).await?;
    // Aymara may leave any field of an upload result null.
    let uuids: Vec<String> = registered.files.iter().filter_map(|file| file.file_uuid.clone()).collect();
    for uuid in &uuids {
        let status = client.files().wait_for_processing(uuid, WaitOptions::default()).await?;
        println!("uploaded   {uuid} ({})", status.processing_status);
    }

    let listed: Vec<_> = client.files().list().limit(1).items().try_collect().await?;
    println!("listed     {} files, one page each", listed.len());

    let content = client.files().download_content(&uuids[0]).await?.bytes().await?;
    println!("downloaded {:?}", String::from_utf8_lossy(&content));

    for uuid in &uuids {
        client.files().delete(uuid).send().await?;
        println!("deleted    {uuid}");
    }
    Ok(())
}
