//! The Files API (beta): `/v1/files`, with the `files-api-2025-04-14` beta value after the
//! user's.

use http::Method;

use crate::error::Error;
use crate::multipart::{FileUpload, Form};
use crate::pagination::Page;
use crate::request::Call;
use crate::request::url::path_param;
use crate::types::{AnthropicBeta, DeletedFile, FileListParams, FileMetadata};

/// The `anthropic-beta` value every Files call carries.
pub const FILES_BETA: &str = "files-api-2025-04-14";

/// Marker for a call whose response body is handed over as bytes, undecoded.
#[derive(Debug, Clone, Copy)]
pub struct Bytes;

fn file_path(file_id: &str, tail: &str) -> Result<String, Error> {
    Ok(format!(
        "/v1/files/{}{tail}",
        path_param("file_id", file_id)?
    ))
}

/// `files.upload`: one multipart part named `file` (nothing else), streamed.
pub fn upload(
    file: &FileUpload,
    betas: &[AnthropicBeta],
    beta: bool,
) -> Result<Call<FileMetadata>, Error> {
    Ok(Call::new(Method::POST, "/v1/files", "FileMetadata")
        .beta(beta)
        .betas_with(betas, FILES_BETA)
        .form_body(Form::new().file("file", file.clone())))
}

/// `files.list`: one page of files, most recent first.
pub fn list(params: &FileListParams, beta: bool) -> Call<Page<FileMetadata>> {
    Call::new(Method::GET, "/v1/files", "Page<FileMetadata>")
        .beta(beta)
        .betas_with(&params.betas, FILES_BETA)
        .query_param("after_id", params.after_id.as_ref())
        .query_param("before_id", params.before_id.as_ref())
        .query_param("limit", params.limit)
}

/// `files.retrieve_metadata`: `betas` are sent before [`FILES_BETA`].
pub fn retrieve_metadata(
    file_id: &str,
    betas: &[AnthropicBeta],
    beta: bool,
) -> Result<Call<FileMetadata>, Error> {
    Ok(
        Call::new(Method::GET, file_path(file_id, "")?, "FileMetadata")
            .beta(beta)
            .betas_with(betas, FILES_BETA),
    )
}

/// `files.delete`: `betas` are sent before [`FILES_BETA`].
pub fn delete(
    file_id: &str,
    betas: &[AnthropicBeta],
    beta: bool,
) -> Result<Call<DeletedFile>, Error> {
    Ok(
        Call::new(Method::DELETE, file_path(file_id, "")?, "DeletedFile")
            .beta(beta)
            .betas_with(betas, FILES_BETA),
    )
}

/// `files.download`: the content, `Accept: application/binary`, read as it arrives;
/// `betas` are sent before [`FILES_BETA`].
pub fn download(file_id: &str, betas: &[AnthropicBeta], beta: bool) -> Result<Call<Bytes>, Error> {
    Ok(
        Call::new(Method::GET, file_path(file_id, "/content")?, "bytes")
            .beta(beta)
            .betas_with(betas, FILES_BETA)
            .header("accept", "application/binary")
            .streaming(true),
    )
}
