// What Backstage knows about the linked entity: the heading facts, then owner, system and domain, links,
// APIs, dependencies, annotations and catalog processing errors. The app keeps a bounded view (long text cut,
// long lists capped): where something was cut, a link says so and leads to the entity in Backstage.
import Heading from '@atlaskit/heading';
import Lozenge from '@atlaskit/lozenge';
import { Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import SectionMessage from '@atlaskit/section-message';
import type { ReactNode } from 'react';
import {
  compassComponentHref,
  kindAndType,
  lifecycleAppearance,
  moreInBackstage,
  teamHref,
  type CappedPanelList,
  type PanelEntityLink,
  type PanelEntityView,
} from './panel-display';

export interface EntityDetailsProps {
  entity: PanelEntityView;
  /** The site's URL for links to Compass pages; undefined in the local sandbox. */
  siteUrl: string | undefined;
}

function ExternalLink({ href, children }: { href: string; children: ReactNode }) {
  return (
    <a href={href} target="_blank" rel="noopener noreferrer">
      {children}
    </a>
  );
}

/** A related entity: to its Compass component when imported, else to Backstage. */
function RelatedEntity({ link, siteUrl }: { link: PanelEntityLink; siteUrl: string | undefined }) {
  const label = link.exists ? link.title : `${link.title} (not in Backstage)`;
  if (link.compassComponentId) {
    return (
      <a
        href={compassComponentHref(siteUrl, link.compassComponentId)}
        target="_top"
        data-compass-component-id={link.compassComponentId}
        title={link.ref}
      >
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

type RelationListName = 'providesApis' | 'consumesApis' | 'dependsOn' | 'dependents';

/** The relation lists in the order the panel shows them, under their headings. */
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
    heading: 'Dependencies',
    lists: [
      { list: 'dependsOn', title: 'Depends on', testId: 'depends-on' },
      { list: 'dependents', title: 'Depended on by', testId: 'dependents' },
    ],
  },
];

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
  const links = entity[list];
  return (
    <div data-testid={testId}>
      <Text weight="semibold">{title}</Text>
      {links.length === 0 && !entity.more?.[list] ? (
        <Text as="p" color="color.text.subtlest">
          None
        </Text>
      ) : (
        <ul style={{ margin: 0, paddingLeft: 20 }}>
          {links.map((link) => (
            <li key={link.ref}>
              <RelatedEntity link={link} siteUrl={siteUrl} />{' '}
              <Text size="small" color="color.text.subtlest">
                {link.kind}
              </Text>
            </li>
          ))}
        </ul>
      )}
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

export function EntityDetails({ entity, siteUrl }: EntityDetailsProps) {
  const { annotations } = entity;
  const team = entity.owner?.teamId ? teamHref(siteUrl, entity.owner.teamId) : undefined;
  return (
    <Stack space="space.200">
      <Stack space="space.075">
        <Inline space="space.100" alignBlock="center" shouldWrap>
          <Heading size="small" as="h2">
            <span data-testid="entity-title">{entity.title}</span>
          </Heading>
          {entity.lifecycle && (
            <span data-testid="entity-lifecycle">
              <Lozenge appearance={lifecycleAppearance(entity.lifecycle)}>{entity.lifecycle}</Lozenge>
            </span>
          )}
        </Inline>
        <Text color="color.text.subtle">
          <span data-testid="entity-kind">{kindAndType(entity)}</span> · <code>{entity.ref}</code>
        </Text>
        {entity.description && (
          <Text as="p">
            <span data-testid="entity-description">{entity.description}</span>
            {entity.descriptionTruncated && (
              <>
                {' '}
                <a
                  href={entity.backstageUrl}
                  target="_blank"
                  rel="noopener noreferrer"
                  data-testid="read-more"
                >
                  Read more in Backstage
                </a>
              </>
            )}
          </Text>
        )}
      </Stack>

      <dl style={factGrid}>
        <Fact label="Owner">
          {entity.owner ? (
            <span data-testid="entity-owner">
              <RelatedEntity link={entity.owner} siteUrl={siteUrl} />
              {entity.owner.teamId &&
                (team ? (
                  <>
                    {' '}
                    ·{' '}
                    <a href={team} target="_top">
                      Atlassian team
                    </a>
                  </>
                ) : (
                  <>
                    {' '}
                    · <Lozenge>Atlassian team mapped</Lozenge>
                  </>
                ))}
            </span>
          ) : (
            <Text color="color.text.subtlest">No owner</Text>
          )}
        </Fact>
        {entity.system && (
          <Fact label="System">
            <RelatedEntity link={entity.system} siteUrl={siteUrl} />
          </Fact>
        )}
        {entity.domain && (
          <Fact label="Domain">
            <RelatedEntity link={entity.domain} siteUrl={siteUrl} />
          </Fact>
        )}
        {(entity.tags.length > 0 || !!entity.more?.tags) && (
          <Fact label="Tags">
            <Inline space="space.050" shouldWrap alignBlock="center">
              {entity.tags.map((tag) => (
                <Lozenge key={tag}>{tag}</Lozenge>
              ))}
              <MoreInBackstage entity={entity} list="tags" />
            </Inline>
          </Fact>
        )}
        {annotations.sourceLocation && (
          <Fact label="Source">
            <ExternalLink href={annotations.sourceLocation.url}>
              {annotations.sourceLocation.url}
            </ExternalLink>
          </Fact>
        )}
        {annotations.githubSlug && (
          <Fact label="GitHub">
            <ExternalLink href={annotations.githubSlug.url}>{annotations.githubSlug.title}</ExternalLink>
          </Fact>
        )}
        {annotations.pagerDuty && (
          <Fact label="PagerDuty">
            <Text>
              {annotations.pagerDuty.serviceId
                ? `service ${annotations.pagerDuty.serviceId}`
                : 'integration key set'}
            </Text>
          </Fact>
        )}
        {annotations.sonarQube && (
          <Fact label="SonarQube">
            <Text>project {annotations.sonarQube.projectKey}</Text>
          </Fact>
        )}
      </dl>

      {(entity.processingErrors.length > 0 || !!entity.more?.processingErrors) && (
        <SectionMessage appearance="warning" title="Backstage reports problems processing this entity">
          <ul data-testid="processing-errors" style={{ margin: 0, paddingLeft: 20 }}>
            {entity.processingErrors.map((error, index) => (
              <li key={index}>
                {error.level}: {error.message}
              </li>
            ))}
          </ul>
          <MoreInBackstage entity={entity} list="processingErrors" />
        </SectionMessage>
      )}

      {RELATION_SECTIONS.map(({ heading, lists }) => (
        <Stack key={heading} space="space.100">
          <Heading size="xsmall" as="h3">
            {heading}
          </Heading>
          {lists.map((relation) => (
            <RelationList key={relation.list} {...relation} entity={entity} siteUrl={siteUrl} />
          ))}
        </Stack>
      ))}

      {(entity.links.length > 0 || !!entity.techDocsUrl || !!entity.more?.links) && (
        <Stack space="space.100">
          <Heading size="xsmall" as="h3">
            Links
          </Heading>
          <ul data-testid="entity-links" style={{ margin: 0, paddingLeft: 20 }}>
            {entity.techDocsUrl && (
              <li>
                <ExternalLink href={entity.techDocsUrl}>TechDocs</ExternalLink>
              </li>
            )}
            {entity.links.map((link) => (
              <li key={link.url}>
                <ExternalLink href={link.url}>{link.title}</ExternalLink>
              </li>
            ))}
          </ul>
          <MoreInBackstage entity={entity} list="links" />
        </Stack>
      )}
    </Stack>
  );
}
