// What only Backstage knows about the linked entity (the component's name, description and owner team are on
// the Compass page already): kind, type and lifecycle, owner group, system and domain, tools, relations, links
// by type and catalog processing errors. The app keeps a bounded view (long lists capped): where something was
// cut, a link says so and leads to the entity in Backstage. Empty sections are left out.
import Heading from '@atlaskit/heading';
import Lozenge from '@atlaskit/lozenge';
import { Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import SectionMessage from '@atlaskit/section-message';
import type { ReactNode } from 'react';
import { compassComponentUrl, compassTeamUrl } from '../../shared/compass-links';
import { fieldLabel } from '../../shared/plain-words';
import {
  entityTitle,
  kindAndType,
  lifecycleAppearance,
  linkGroups,
  moreInBackstage,
  type CappedPanelList,
  type PanelEntityLink,
  type PanelEntityView,
} from './panel-display';

export interface EntityDetailsProps {
  entity: PanelEntityView;
  /** The site Compass links go to (static/shared/compass-links.ts). */
  siteUrl: string | undefined;
}

function ExternalLink({ href, children }: { href: string; children: ReactNode }) {
  return (
    <a href={href} target="_blank" rel="noopener noreferrer">
      {children}
    </a>
  );
}

/**
 * A related entity: to its Compass component when imported, else to Backstage; plain text when Backstage does not
 * have it (a link would lead to a page that does not exist).
 */
function RelatedEntity({
  link,
  siteUrl,
  label = link.title,
}: {
  link: PanelEntityLink;
  siteUrl: string | undefined;
  label?: string;
}) {
  if (!link.exists) return <span data-not-in-backstage>{`${label} (not in Backstage)`}</span>;
  const compassUrl = link.compassComponentId
    ? compassComponentUrl(siteUrl, link.compassComponentId)
    : undefined;
  if (compassUrl) {
    return (
      <a href={compassUrl} target="_top" data-compass-component-id={link.compassComponentId} title={link.ref}>
        {label}
      </a>
    );
  }
  return (
    <a href={link.backstageUrl} target="_blank" rel="noopener noreferrer" title={link.ref}>
      {label}
    </a>
  );
}

/** "N more in Backstage" under a capped list, linking to the entity's Backstage page. */
function MoreInBackstage({ entity, list }: { entity: PanelEntityView; list: CappedPanelList }) {
  const words = moreInBackstage(entity, list);
  if (!words) return null;
  return (
    <Text size="small">
      <a href={entity.backstageUrl} target="_blank" rel="noopener noreferrer" data-testid={`more-${list}`}>
        {words}
      </a>
    </Text>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt>
        <Text weight="semibold">{label}</Text>
      </dt>
      <dd style={{ margin: 0 }}>{children}</dd>
    </>
  );
}

type RelationListName =
  'providesApis' | 'consumesApis' | 'providedBy' | 'consumedBy' | 'dependsOn' | 'dependents';

/** The relation lists in the order the panel shows them, under their headings: a component's APIs, an API's users. */
const RELATION_SECTIONS: {
  heading: string;
  lists: { list: RelationListName; title: string; testId: string }[];
}[] = [
  {
    heading: 'APIs',
    lists: [
      { list: 'providesApis', title: 'Provides', testId: 'provides-apis' },
      { list: 'consumesApis', title: 'Consumes', testId: 'consumes-apis' },
    ],
  },
  {
    heading: 'Providers and consumers',
    lists: [
      { list: 'providedBy', title: 'Provided by', testId: 'provided-by' },
      { list: 'consumedBy', title: 'Consumed by', testId: 'consumed-by' },
    ],
  },
  {
    heading: 'Dependencies',
    lists: [
      { list: 'dependsOn', title: 'Depends on', testId: 'depends-on' },
      { list: 'dependents', title: 'Depended on by', testId: 'dependents' },
    ],
  },
];

const hasItems = (entity: PanelEntityView, list: CappedPanelList) =>
  (entity[list]?.length ?? 0) > 0 || !!entity.more?.[list];

function RelationList({
  title,
  entity,
  list,
  siteUrl,
  testId,
}: {
  title: string;
  entity: PanelEntityView;
  list: RelationListName;
  siteUrl: string | undefined;
  testId: string;
}) {
  return (
    <div data-testid={testId}>
      <Text weight="semibold">{title}</Text>
      <ul style={{ margin: 0, paddingLeft: 20 }}>
        {(entity[list] ?? []).map((link) => (
          <li key={link.ref}>
            <RelatedEntity link={link} siteUrl={siteUrl} />{' '}
            <Text size="small" color="color.text.subtlest">
              {link.kind}
            </Text>
          </li>
        ))}
      </ul>
      <MoreInBackstage entity={entity} list={list} />
    </div>
  );
}

const factGrid = {
  display: 'grid',
  gridTemplateColumns: 'max-content 1fr',
  gap: '6px 16px',
  margin: 0,
  padding: 0,
};

function OwnerFact({ entity, siteUrl }: { entity: PanelEntityView; siteUrl: string | undefined }) {
  const owner = entity.owner;
  if (!owner) return null;
  const team = owner.teamId ? compassTeamUrl(siteUrl, owner.teamId) : undefined;
  return (
    <Fact label={fieldLabel('spec.owner')}>
      <span data-testid="entity-owner">
        <RelatedEntity link={owner} siteUrl={siteUrl} />
        {team && (
          <>
            {' '}
            ·{' '}
            <a href={team} target="_top">
              Team in Compass
            </a>
          </>
        )}
      </span>
    </Fact>
  );
}

function ToolFacts({ entity }: { entity: PanelEntityView }) {
  const { annotations } = entity;
  const pagerDuty = annotations.pagerDuty;
  const sonarQube = annotations.sonarQube;
  return (
    <>
      {annotations.sourceLocation && (
        <Fact label="Source">
          <ExternalLink href={annotations.sourceLocation.url}>{annotations.sourceLocation.url}</ExternalLink>
        </Fact>
      )}
      {annotations.githubSlug && (
        <Fact label="GitHub">
          <ExternalLink href={annotations.githubSlug.url}>{annotations.githubSlug.title}</ExternalLink>
        </Fact>
      )}
      {pagerDuty && (
        <Fact label="PagerDuty">
          <span data-testid="entity-pagerduty">
            {pagerDuty.serviceId && pagerDuty.serviceUrl ? (
              <ExternalLink href={pagerDuty.serviceUrl}>Service {pagerDuty.serviceId}</ExternalLink>
            ) : pagerDuty.serviceId ? (
              <Text>Service {pagerDuty.serviceId}</Text>
            ) : (
              <Text>Integration key set</Text>
            )}
          </span>
        </Fact>
      )}
      {sonarQube && (
        <Fact label="SonarQube">
          <span data-testid="entity-sonarqube">
            {sonarQube.projectUrl ? (
              <ExternalLink href={sonarQube.projectUrl}>Project {sonarQube.projectKey}</ExternalLink>
            ) : (
              <Text>Project {sonarQube.projectKey}</Text>
            )}
          </span>
        </Fact>
      )}
    </>
  );
}

export function EntityDetails({ entity, siteUrl }: EntityDetailsProps) {
  const groups = linkGroups(entity.links, entity.techDocsUrl);
  return (
    <div data-testid="entity-details" data-entity-ref={entity.ref}>
      <Stack space="space.200">
        <Inline space="space.100" alignBlock="center" shouldWrap>
          <Text color="color.text.subtle">
            <span data-testid="entity-kind">{kindAndType(entity)}</span>
          </Text>
          {entity.lifecycle && (
            <span data-testid="entity-lifecycle">
              <Lozenge appearance={lifecycleAppearance(entity.lifecycle)}>{entity.lifecycle}</Lozenge>
            </span>
          )}
        </Inline>

        <dl style={factGrid}>
          <OwnerFact entity={entity} siteUrl={siteUrl} />
          {entity.system && (
            <Fact label="System">
              <span data-testid="entity-system">
                <RelatedEntity link={entity.system} siteUrl={siteUrl} label={entityTitle(entity.system)} />
              </span>
            </Fact>
          )}
          {entity.domain && (
            <Fact label="Domain">
              <span data-testid="entity-domain">
                <RelatedEntity link={entity.domain} siteUrl={siteUrl} label={entityTitle(entity.domain)} />
              </span>
            </Fact>
          )}
          {hasItems(entity, 'tags') && (
            <Fact label="Tags">
              <Inline space="space.050" shouldWrap alignBlock="center">
                {entity.tags.map((tag) => (
                  <Lozenge key={tag}>{tag}</Lozenge>
                ))}
                <MoreInBackstage entity={entity} list="tags" />
              </Inline>
            </Fact>
          )}
          <ToolFacts entity={entity} />
        </dl>

        {hasItems(entity, 'processingErrors') && (
          <SectionMessage appearance="warning" title="Backstage reports problems processing this entity">
            <ul data-testid="processing-errors" style={{ margin: 0, paddingLeft: 20 }}>
              {entity.processingErrors.map((error, index) => (
                <li key={index}>{error.message}</li>
              ))}
            </ul>
            <MoreInBackstage entity={entity} list="processingErrors" />
          </SectionMessage>
        )}

        {RELATION_SECTIONS.map(({ heading, lists }) => {
          const shown = lists.filter(({ list }) => hasItems(entity, list));
          if (shown.length === 0) return null;
          return (
            <Stack key={heading} space="space.100">
              <Heading size="xsmall" as="h3">
                {heading}
              </Heading>
              {shown.map((relation) => (
                <RelationList key={relation.list} {...relation} entity={entity} siteUrl={siteUrl} />
              ))}
            </Stack>
          );
        })}

        {(groups.length > 0 || !!entity.more?.links) && (
          <Stack space="space.100">
            <Heading size="xsmall" as="h3">
              Links
            </Heading>
            <div data-testid="entity-links">
              <Stack space="space.100">
                {groups.map((group) => (
                  <div key={group.title} data-testid="link-group" data-link-group={group.title}>
                    <Heading size="xxsmall" as="h4">
                      {group.title}
                    </Heading>
                    <ul style={{ margin: 0, paddingLeft: 20 }}>
                      {group.links.map((link) => (
                        <li key={link.url}>
                          <ExternalLink href={link.url}>{link.title}</ExternalLink>
                        </li>
                      ))}
                    </ul>
                  </div>
                ))}
              </Stack>
            </div>
            <MoreInBackstage entity={entity} list="links" />
          </Stack>
        )}
      </Stack>
    </div>
  );
}
