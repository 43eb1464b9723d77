//! Skills (beta): upload a directory with a `SKILL.md` as a skill, add a version, list
//! them (cursor pages), and delete them.

mod support;

use anthropic::blocking::{Client, files_from_dir};
use anthropic::types::{SkillCreateParams, SkillListParams};

fn main() -> Result<(), anthropic::Error> {
    let (config, _mock) = support::config();
    let client = Client::new(config)?;
    let skills = client.beta().skills();

    let dir = std::env::temp_dir()
        .join("anthropic-example-skill")
        .join("greeter");
    std::fs::create_dir_all(&dir).expect("a temp dir");
    std::fs::write(
        dir.join("SKILL.md"),
        "---\nname: greeter\ndescription: Greets people by name\n---\n\nSay hello warmly.\n",
    )
    .expect("SKILL.md");
    let files = files_from_dir(&dir).expect("the skill's files");

    let skill = skills.create(&SkillCreateParams::new(files.clone()).display_title("Greeter"))?;
    println!("created {} (version {:?})", skill.id, skill.latest_version);

    let version = skills.versions().create(&skill.id, &files)?;
    println!(
        "new version {} of {}: {}",
        version.version, version.name, version.description
    );

    for listed in skills.list_all(&SkillListParams::new().source("custom")) {
        let listed = listed?;
        println!("skill {} {:?}", listed.id, listed.display_title);
    }

    // A skill is deleted after its versions.
    for v in skills
        .versions()
        .list_all(&skill.id, &SkillListParams::new())
    {
        let v = v?;
        skills.versions().delete(&skill.id, &v.version)?;
        println!("deleted version {}", v.version);
    }
    println!("deleted {}", skills.delete(&skill.id)?.id);
    let _ = std::fs::remove_dir_all(dir.parent().expect("a parent"));
    Ok(())
}
