//! Upload a file to a presigned URL and download it back with the Muna SDK. (Muna's files API has
//! only the upload URLs: there is nothing to list or delete.)
//!
//! With `MUNA_ACCESS_KEY` set this talks to Muna; without it, to a local fake of the API that it
//! starts itself. Run it with `cargo run -p files-sdk --example muna`.

mod support;

use files_sdk::muna::types::FileResource;
use files_sdk::muna::{Client, Error, UploadFile};

#[tokio::main]
async fn main() -> Result<(), Error> {
    let client = match std::env::var("MUNA_ACCESS_KEY") {
        Ok(_) => Client::from_env()?,
        Err(_) => {
            let url = support::muna().await;
            println!("MUNA_ACCESS_KEY is not set: using a local fake of the Muna API at {url}");
            Client::builder().access_key("example-key").base_url(url).build()?
        }
    };

    let path = std::env::temp_dir().join("muna-example-input.txt");
    std::fs::write(&path, "an input for a prediction")?;
    // Streams the file to the upload URL with its exact size and type, without the access key.
    let download_url = client.files().upload(UploadFile::from_path(&path), FileResource::Prediction).await?;
    println!("uploaded   {} to {download_url}", path.display());

    let content = client.download_url(&download_url).await?.bytes().await?;
    println!("downloaded {:?}", String::from_utf8_lossy(&content));
    std::fs::remove_file(path)?;
    Ok(())
}
