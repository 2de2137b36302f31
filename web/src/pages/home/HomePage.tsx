import { Col, Row } from 'antd';
import { seesIndicatorDetail } from '../../lib/roles.ts';
import { useCan, useMe } from '../../session/SessionContext.ts';
import { Greeting } from './Greeting.tsx';
import { AccountsOverview } from './AccountsOverview.tsx';
import { JobsOverview } from './JobsOverview.tsx';
import { RegistryOverview } from './RegistryOverview.tsx';
import { AuditOverview } from './AuditOverview.tsx';
import { MyOrganizationCard } from './MyOrganizationCard.tsx';
import { SecurityCard } from './SecurityCard.tsx';
import { QuickLinks } from './QuickLinks.tsx';
import { IndicatorHighlights } from './IndicatorHighlights.tsx';
import { ExpiringQualifications } from './ExpiringQualifications.tsx';

/** Each role sees what it works with: blocks appear by permission, never as empty placeholders. */
export default function HomePage() {
  const me = useMe();
  const can = useCan();
  const registry = can('organization.list');
  const audit = can('audit.read');
  const staff = seesIndicatorDetail(me);
  const showMyOrg = !registry && (me.user.organizationId !== null || me.user.roles.includes('applicant'));
  return (
    <Row gutter={[16, 16]}>
      <Col span={24}>
        <Greeting />
      </Col>
      {staff ? (
        <Col span={24}>
          <IndicatorHighlights staff={staff} />
        </Col>
      ) : null}
      {can('user.list') ? (
        <Col xs={24} xl={16}>
          <AccountsOverview />
        </Col>
      ) : null}
      {can('job.list') ? (
        <Col xs={24} xl={8}>
          <JobsOverview />
        </Col>
      ) : null}
      {audit ? (
        <Col xs={24} xl={registry ? 14 : 24}>
          <AuditOverview />
        </Col>
      ) : null}
      {registry ? (
        <Col xs={24} xl={audit ? 10 : 12}>
          <RegistryOverview />
        </Col>
      ) : null}
      {registry ? (
        <Col xs={24} xl={audit ? 14 : 12}>
          <ExpiringQualifications />
        </Col>
      ) : null}
      {showMyOrg ? (
        <Col xs={24} lg={14}>
          <MyOrganizationCard organizationId={me.user.organizationId} />
        </Col>
      ) : null}
      <Col xs={24} lg={showMyOrg ? 10 : 12} xl={showMyOrg ? 10 : registry && audit ? 10 : 8}>
        <SecurityCard />
      </Col>
      <Col xs={24} lg={showMyOrg ? 24 : 12} xl={showMyOrg ? 24 : registry && audit ? 24 : 16}>
        <QuickLinks />
      </Col>
    </Row>
  );
}
