//! The Files API (beta): upload a file (from bytes, a path or a reader, streamed, never
//! held in memory whole), list files, read metadata, download, delete.

mod support;

use anthropic::blocking::Client;
use anthropic::multipart::FileUpload;
use anthropic::types::FileListParams;

fn main() -> Result<(), anthropic::Error> {
    let (config, _mock) = support::config();
    let client = Client::new(config)?;
    let files = client.beta().files();

    let path = std::env::temp_dir().join("anthropic-example-notes.md");
    std::fs::write(&path, "# Notes\n\nUploaded from a path.\n").expect("a temp file");
    let from_path = files.upload(&FileUpload::path(&path))?;
    println!(
        "uploaded {} as {} ({}, {} bytes)",
        path.display(),
        from_path.id,
        from_path.mime_type,
        from_path.size_bytes
    );
    let from_bytes = files.upload(&FileUpload::named("data.json", br#"{"a": 1}"#.to_vec()))?;
    let text = "read from a reader";
    let from_reader = files.upload(&FileUpload::reader(
        "reader.txt",
        std::io::Cursor::new(text.as_bytes().to_vec()),
        text.len() as u64,
    ))?;

    for file in files.list_all(&FileListParams::new()) {
        let file = file?;
        println!("listed {} {}", file.id, file.filename);
    }

    let meta = files.retrieve_metadata(&from_bytes.id)?;
    println!(
        "{} is {} bytes of {}",
        meta.filename, meta.size_bytes, meta.mime_type
    );

    // Downloads stream to any writer (here a file), or `.bytes()` for small ones.
    let out = std::env::temp_dir().join("anthropic-example-download.md");
    let mut writer = std::fs::File::create(&out).expect("a file to write");
    let written = files.download(&from_path.id)?.write_to(&mut writer)?;
    println!("downloaded {written} bytes to {}", out.display());
    let small = files.download(&from_reader.id)?.bytes()?;
    println!("downloaded: {}", String::from_utf8_lossy(&small));

    for id in [&from_path.id, &from_bytes.id, &from_reader.id] {
        println!("deleted {}", files.delete(id)?.id);
    }
    let _ = std::fs::remove_file(path);
    let _ = std::fs::remove_file(out);
    Ok(())
}
