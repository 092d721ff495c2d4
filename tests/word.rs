//! Word documents as an office suite writes them: the Word samples saved again by
//! LibreOffice Writer (`examples/make-converted.sh`; styles, revision ids and its own table
//! XML) read to the same forms as the samples, every key but where they are.

mod common;

use common::{differences, read_json, repo};

#[test]
fn word_documents_saved_by_libreoffice_read_as_the_samples() {
    let fixtures = repo().join("tests/fixtures/word-libreoffice");
    let out = common::shared_run("word-libreoffice", &fixtures);
    let forms = read_json(&out.join("forms.json"));
    let rejected = read_json(&out.join("rejected.json"));
    assert_eq!(rejected.as_array().unwrap().len(), 0, "{rejected}");
    let mut compared = 0;
    let mut problems = Vec::new();
    for expected in ["hubei-word-2023.json", "sichuan-word-2023.json"] {
        for e in read_json(&repo().join("tests/expected").join(expected))
            .as_array()
            .unwrap()
        {
            let name = e["source"]["file"]
                .as_str()
                .unwrap()
                .rsplit('/')
                .next()
                .unwrap();
            let got =
                forms.as_array().unwrap().iter().find(|g| {
                    g["source"]["file"] == name && g["project_name"] == e["project_name"]
                });
            let Some(got) = got else {
                problems.push(format!("{name}: no form {}", e["project_name"]));
                continue;
            };
            compared += 1;
            let mut e = e.clone();
            // Where the form is: the same document, not in the same folder.
            e["source"]["file"] = name.into();
            problems.extend(
                differences(got, &e)
                    .into_iter()
                    .map(|d| format!("{name}{d}")),
            );
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert_eq!(compared, 3);
}
