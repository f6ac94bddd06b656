//! `uitkijk token issue|list|revoke` and `uitkijk tier`: who may use the API and what each
//! object's releasability is. The CLI acts as the local admin (whoever can open the store
//! already holds everything); the store writes every change to the audit log.

use uitkijk_store::{Access, Role, Tier};

use crate::args::{TierArgs, TokenCommand, TokenIssueArgs};
use crate::db;
use crate::failure::{bad, Failure};

pub fn run(c: TokenCommand) -> Result<(), Failure> {
    match c {
        TokenCommand::Issue(a) => issue(a),
        TokenCommand::List(a) => {
            let mut store = db::open(&a.db)?;
            let rows = store
                .tokens(&Access::local_cli())
                .map_err(|e| db::failure(&a.db, e))?;
            println!("id\tuser\trole\tpartner\tmax_tier\tlabel\tcreated_utc\trevoked_utc");
            for t in rows {
                println!(
                    "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                    t.id,
                    t.user,
                    t.role.as_str(),
                    t.partner.unwrap_or_default(),
                    t.max_tier.as_str(),
                    t.label,
                    t.created_utc,
                    t.revoked_utc.unwrap_or_default()
                );
            }
            Ok(())
        }
        TokenCommand::Revoke(a) => {
            let mut store = db::open(&a.db)?;
            store
                .revoke_token(&Access::local_cli(), a.id)
                .map_err(|e| match e {
                    uitkijk_store::StoreError::NotFound(what) => bad(format!("no {what}")),
                    e => db::failure(&a.db, e),
                })?;
            eprintln!("uitkijk: token {} revoked", a.id);
            Ok(())
        }
    }
}

fn issue(a: TokenIssueArgs) -> Result<(), Failure> {
    let role = Role::parse(&a.role.trim().to_ascii_lowercase())
        .map_err(|e| bad(format!("--role: {e}")))?;
    let tier = Tier::parse(&a.tier).map_err(|e| bad(format!("--tier: {e}")))?;
    let name = a.name.trim();
    if name.is_empty() {
        return Err(bad("--name: empty"));
    }
    let admin = Access::local_cli();
    let mut store = db::open(&a.db)?;
    let fail = |e| db::failure(&a.db, e);
    // A partner-role user always belongs to a centre: the named one, or one of its own name.
    let partner_name = match (&a.partner, role) {
        (Some(p), _) => Some(p.trim().to_string()),
        (None, Role::Partner) => Some(name.to_string()),
        (None, _) => None,
    };
    let partner_id = match &partner_name {
        None => None,
        Some(p) => {
            let known = store.partners(&admin).map_err(fail)?;
            match known.iter().find(|x| x.name == *p) {
                Some(x) => {
                    if x.max_tier < tier {
                        eprintln!(
                            "uitkijk: warning: partner {p} is limited to tier {}: the token sees no more than that",
                            x.max_tier.as_str()
                        );
                    }
                    Some(x.id)
                }
                None => Some(store.create_partner(&admin, p, tier).map_err(fail)?),
            }
        }
    };
    let users = store.users(&admin).map_err(fail)?;
    let user_id = match users.iter().find(|u| u.name == name) {
        Some(u) => {
            if u.role != role || u.max_tier != tier || u.partner_id != partner_id {
                return Err(bad(format!(
                    "--name: user {name} exists as {} of tier {}; issue with the same --role/--tier/--partner or choose another name",
                    u.role.as_str(),
                    u.max_tier.as_str()
                )));
            }
            u.id
        }
        None => store
            .create_user(&admin, name, role, partner_id, tier)
            .map_err(fail)?,
    };
    let label = a
        .label
        .unwrap_or_else(|| format!("{name} ({})", role.as_str()));
    let token = store.issue_token(&admin, user_id, &label).map_err(fail)?;
    // The secret alone on stdout, so that `TOKEN=$(uitkijk token issue …)` works.
    println!("{}", token.secret);
    eprintln!(
        "uitkijk: token {} issued to {name} ({}, tier {}); the secret is shown only now",
        token.id,
        role.as_str(),
        tier.as_str()
    );
    Ok(())
}

pub fn run_tier(a: TierArgs) -> Result<(), Failure> {
    let tier = Tier::parse(&a.tier).map_err(|e| bad(format!("--tier: {e}")))?;
    let admin = Access::local_cli();
    let mut store = db::open(&a.db)?;
    let mut missing = Vec::new();
    for id in &a.ids {
        match store.set_object_tier(&admin, *id, tier) {
            Ok(()) => {}
            Err(uitkijk_store::StoreError::NotFound(_)) => missing.push(id.to_string()),
            Err(e) => return Err(db::failure(&a.db, e)),
        }
    }
    eprintln!(
        "uitkijk: {} object(s) set to tier {}",
        a.ids.len() - missing.len(),
        tier.as_str()
    );
    if missing.is_empty() {
        Ok(())
    } else {
        Err(bad(format!("not in the store: {}", missing.join(", "))))
    }
}
